"""`python -m papergen`: the same CLI as the `papergen` command."""

from papergen.cli import main

main(prog_name="papergen")
