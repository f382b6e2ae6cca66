"""A Markdown block tree written back as canonical Markdown: the parser's inverse.

One paragraph per line, lists with two-space nesting, pipe tables. Text is written exactly
as it stands (no escaping), so what a reviewer reads is what the paper says. The Markdown
backend (papergen.render.markdown) writes papers with it, and the rules compare texts in it.
"""

from __future__ import annotations

from papergen.source.markdown import Block, Heading, Inline, ListBlock, Paragraph, Table


def inline_text(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for run in inlines:
        if run.line_break:
            out.append("\\\n")
            continue
        text = run.text
        if run.bold and run.italic:
            text = f"***{text}***"
        elif run.bold:
            text = f"**{text}**"
        elif run.italic:
            text = f"*{text}*"
        if run.link:
            text = f"<{run.link}>" if text == run.link else f"[{text}]({run.link})"
        out.append(text)
    return "".join(out)


def _list(block: ListBlock, indent: str) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(block.items, start=block.start):
        marker = f"{n}. " if block.ordered else "- "
        first = True
        for child in item.blocks:
            if isinstance(child, ListBlock):
                lines.extend(_list(child, indent + " " * len(marker)))
            else:
                text = "\n".join(_block(child))
                prefix = indent + (marker if first else " " * len(marker))
                lines.append(prefix + text.replace("\n", "\n" + indent + " " * len(marker)))
                first = False
    return lines


def _table(block: Table) -> list[str]:
    def row(cells: tuple[tuple[Inline, ...], ...]) -> str:
        return "| " + " | ".join(inline_text(c) for c in cells) + " |"

    rule = "|" + "|".join({"right": "---:", "center": ":---:", "left": ":---"}.get(a or "", "---")
                          for a in block.align) + "|"
    return [row(block.header), rule, *(row(r) for r in block.rows)]


def _block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [inline_text(block.inlines)]
    if isinstance(block, Heading):
        return ["#" * block.level + " " + inline_text(block.inlines)]
    if isinstance(block, ListBlock):
        return _list(block, "")
    return _table(block)


def blocks_to_markdown(blocks: tuple[Block, ...]) -> str:
    return "\n\n".join("\n".join(_block(b)) for b in blocks)
