"""What one run remembers while it works: owned by the run, gone with it.

A run is one call of the library: a check of one meeting or of many, a build, a
`build --all` in one process (each worker process of a parallel `build --all`
has its own). Whatever several meetings of a run work out alike is kept here,
never in a module global, so that two runs in one process (tests, a server)
cannot see each other's sources, and a test never has to reset a private.

Layer: below everything that uses it (load, rules, render); it imports nothing
from papergen. Each table is typed by what it holds; what is per meeting (an
ärende's texts, who serves in a §) lives on rules.base.Meeting instead.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RunMemo:
    # load: an earlier meeting's meeting.yaml / protokoll.yaml, parsed once per (file name, text):
    # `check` of a year reads each earlier meeting's files once per later meeting.
    peeked: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    # rules.text: hunspell's verdicts given in this run (None: a Swedish word), so a check of many
    # meetings asks hunspell only about words it has not judged yet.
    judged: dict[str, list[str] | None] = field(default_factory=dict)
    # rules.text: the spelling cache file as read, by (file, key): read once a run, not once a meeting.
    verdict_files: dict[tuple[str, str], dict[str, list[str] | None]] = field(default_factory=dict)
    # rules.text: the identity of hunspell's dictionaries, by (program, cwd, DICPATH, WORDLIST, HOME).
    dictionaries: dict[tuple[str, ...], list[object]] = field(default_factory=dict)
    # api: the run's Jinja environment for Word XML (render.templates.docx_environment), made when first
    # needed, so each part of a .docx template is compiled once a run.
    word_environment: Any = None
    # render.docx_template: prepared Word templates (least recently used first), by (path, bytes, environment).
    word_templates: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    # rules.text: each text's words to spell, as _spell_words splits it, by the text itself; `spelled_before`
    # is the previous run's table when carried (so the table holds two runs' texts at most, not a day's edits).
    spelled: dict[str, tuple[tuple[str, bool, int], ...]] = field(default_factory=dict)
    spelled_before: dict[str, tuple[tuple[str, bool, int], ...]] = field(default_factory=dict)
    # render.html_parts: a part of a paper's Markdown as HTML and the state after it, by (text, state before);
    # `html_parts_before` likewise the previous run's when carried.
    html_parts: dict[tuple[str, Any], tuple[str, Any]] = field(default_factory=dict)
    html_parts_before: dict[tuple[str, Any], tuple[str, Any]] = field(default_factory=dict)

    def carried(self) -> RunMemo:
        """A new run that keeps only the tables keyed on the very text or bytes they came from.

        For a warm process that runs again after a source changed (`papergen serve`): those tables
        cannot be stale. hunspell's verdicts and the verdict file are not carried: they depend on the
        dictionaries installed, which a new run looks at again.
        """
        return RunMemo(peeked=self.peeked, word_environment=self.word_environment,
                       word_templates=self.word_templates, spelled_before=self.spelled,
                       html_parts_before=self.html_parts)
