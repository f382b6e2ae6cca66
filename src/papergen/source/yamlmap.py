"""YAML text -> (plain data, SourceMap), with located diagnostics.

Owns YAML loading policy: no YAML 1.1 implicit typing (every scalar stays a
string for pydantic to convert, so `tid: 10:00` is "10:00", not 600), only
`true`/`false` become booleans, empty/`~`/`null` become None, and duplicate
keys are reported instead of silently overwritten. Schema conversion lives in
papergen.model.schema.

Every source is untrusted, so a document is bounded before its data is made:
at most MAX_DEPTH levels of nesting (PG122) and at most MAX_NODES values once
its aliases are expanded (PG121, the "billion laughs" alias bomb). Both are
found on the composed nodes, where an alias is one shared node, so the check
costs time and memory in the size of the text, not of its expansion.
"""


from __future__ import annotations

from typing import Any

import yaml

from papergen.diagnostics import Diagnostic, Severity, Span
from papergen.source.characters import UNWRITABLE, blanked, describe
from papergen.source.characters import message as unwritable_message

Path_ = tuple[str | int, ...]

if hasattr(yaml, "CBaseLoader"):  # libyaml, when PyYAML was built with it
    class _LibyamlComposer(yaml.CBaseLoader):  # type: ignore[misc,name-defined]
        """libyaml's parser and composer; no tag resolution, since only node kinds, values and styles are read."""

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            return ""

    _COMPOSER: Any = _LibyamlComposer
else:
    _COMPOSER = yaml.SafeLoader
_NULLS = {"", "~", "null", "Null", "NULL"}
# Real sources nest about 8 levels and hold a few thousand values (docs/source-format.md, "Limits").
MAX_DEPTH = 64
MAX_NODES = 100_000
_BOOLS = {"true": True, "false": False}


class SourceMap:
    """Maps a data path such as ("pm", "underskrift", "namn") to spans in one file.

    Spans are made on demand: a file loads with its plain data only, and the map
    of every value's line and column is built from the composed YAML the first
    time a location in that file is asked for (most files of a clean check never are).
    """

    __slots__ = ("path", "_values", "_keys", "_plain", "_node", "_offset")

    def __init__(self, path: str, values: dict[Path_, Span] | None = None, keys: dict[Path_, Span] | None = None,
                 plain: dict[Path_, bool] | None = None) -> None:
        self.path = path
        self._values = values if values is not None else {}
        self._keys = keys if keys is not None else {}
        self._plain = plain if plain is not None else {}
        self._node: yaml.Node | None = None  # composed YAML whose spans are not built yet
        self._offset = 0

    @classmethod
    def deferred(cls, path: str, node: yaml.Node, line_offset: int) -> SourceMap:
        """A map built from `node` only when first used."""
        smap = cls(path)
        smap._node, smap._offset = node, line_offset
        return smap

    def _built(self) -> SourceMap:
        if self._node is not None:
            builder = _Builder(self.path, self._offset, self)
            node, self._node = self._node, None
            builder.build(node, ())
        return self

    @property
    def values(self) -> dict[Path_, Span]:
        return self._built()._values

    @property
    def keys(self) -> dict[Path_, Span]:
        return self._built()._keys

    @property
    def plain(self) -> dict[Path_, bool]:
        return self._built()._plain

    def value_span(self, loc: Path_) -> Span:
        """The span of the value at loc, or of its nearest ancestor that has one."""
        values = self.values
        for n in range(len(loc), -1, -1):
            span = values.get(tuple(loc[:n]))
            if span is not None:
                return span
        return Span(self.path, 1, 1)

    def key_span(self, loc: Path_) -> Span:
        return self.keys.get(tuple(loc)) or self.value_span(loc)

    def is_plain(self, loc: Path_) -> bool:
        return self.plain.get(tuple(loc), False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.path, self.values, self.keys, self.plain) == (other.path, other.values, other.keys, other.plain)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        state = "deferred" if self._node is not None else f"{len(self._values)} values"
        return f"SourceMap({self.path!r}, {state})"

    def __getstate__(self) -> tuple[Any, ...]:
        self._built()
        return self.path, self._values, self._keys, self._plain

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.path, self._values, self._keys, self._plain = state
        self._node, self._offset = None, 0


def _span(path: str, node: yaml.Node, line_offset: int) -> Span:
    start, end = node.start_mark, node.end_mark
    end_line = end.line + 1 + line_offset
    end_col = end.column  # end mark points past the node; inclusive end = column
    if end.line != start.line:
        end_line, end_col = start.line + 1 + line_offset, start.column + 1
    return Span(path, start.line + 1 + line_offset, start.column + 1, end_line, max(end_col, start.column + 1))


class _Builder:
    """Plain data, every span and the key problems of one composed document."""

    def __init__(self, path: str, line_offset: int, into: SourceMap | None = None) -> None:
        self.path = path
        self.offset = line_offset
        self.map = into if into is not None else SourceMap(path)
        self.values, self.keys, self.plain = self.map._values, self.map._keys, self.map._plain
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node, loc: Path_) -> Any:
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node)
        self.values[loc] = _span(self.path, node, self.offset)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diagnostics.append(Diagnostic(
                        Severity.ERROR, "PG105",
                        "en nyckel måste vara en enkel text, inte en lista eller mappning",
                        _span(self.path, key_node, self.offset)))
                    continue
                key = key_node.value
                child: Path_ = (*loc, key)
                key_span = _span(self.path, key_node, self.offset)
                if key in result:
                    first = self.keys[child]
                    self.diagnostics.append(Diagnostic(
                        Severity.ERROR, "PG106",
                        f"nyckeln '{key}' förekommer två gånger; den första finns på rad {first.line}",
                        key_span))
                    continue
                self.keys[child] = key_span
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.style == '"' and UNWRITABLE.search(node.value):
            self.diagnostics.append(_unwritable(node, self.path, self.offset))
            return blanked(node.value)
        plain = not node.style  # None from the Python composer, '' from libyaml's
        self.plain[loc] = plain
        if plain and node.value in _NULLS:
            return None
        if plain and node.value in _BOOLS:
            return _BOOLS[node.value]
        return node.value


class _KeyProblem(Exception):
    """A key that is not plain text, or a duplicate: the full builder reports it, with its span."""


class _TooDeep(Exception):
    """Nesting deeper than MAX_DEPTH, at this node."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _unwritable(node: yaml.Node, path: str, line_offset: int) -> Diagnostic:
    """A character a Word file cannot hold, written as an escape ("\\x1b") in a double-quoted text.

    Such characters typed as they are were reported from the file's text already
    (papergen.source.characters); an escape is only seen once YAML has read it.
    """
    char = UNWRITABLE.search(node.value).group(0)  # type: ignore[union-attr]
    return Diagnostic(Severity.ERROR, "PG123", unwritable_message(char, ", skrivet som en escape-sekvens,"),
                      _span(path, node, line_offset))


def _plain_data(node: yaml.Node, depth: int, found: list[yaml.Node]) -> Any:
    """The data of a composed document under the policy above, without spans (the fast path).

    Double-quoted texts holding a character Word cannot hold are added to `found`, and read with a
    space in its place.
    """
    if depth > MAX_DEPTH:
        raise _TooDeep(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value in result:
                raise _KeyProblem
            result[key_node.value] = _plain_data(value_node, depth + 1, found)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain_data(item, depth + 1, found) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    value = node.value
    if node.style == '"' and UNWRITABLE.search(value):
        found.append(node)
        return blanked(value)  # reported; a space in its place, so that nothing else trips over it
    if not node.style:  # None from the Python composer, '' from libyaml's
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
    return value


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, SourceMap, list[Diagnostic]]:
    """Parse one YAML document. On a syntax error data is None and one PG101 is returned.

    The SourceMap is deferred: its spans are built from the composed nodes when first asked for.
    """
    aliases = "*" in text  # no alias can be written without one: most files need no expansion check
    try:
        # libyaml composes the same nodes and marks ~10× faster; on any problem the Python
        # composer runs instead, so the messages below (translated from its wording) stay the same.
        return _from_node(yaml.compose(text, Loader=_COMPOSER), path, line_offset, aliases)
    except yaml.YAMLError:
        pass
    # The Python composer recurses once per level: too deep a document is reported before it runs.
    deep = _too_deep_events(text, path, line_offset)
    if deep is not None:
        return None, SourceMap(path), [deep]
    try:
        # compose() builds nodes with marks and does no type construction at all.
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
        col = (mark.column + 1) if mark else 1
        problem = (exc.problem or "okänt fel").strip()
        message = f"YAML kan inte läsas: {_translate(problem)}"
        if exc.context:
            message += f" ({_translate(exc.context.strip())})"
        return None, SourceMap(path), [Diagnostic(Severity.ERROR, "PG101", message, Span(path, line, col))]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (DEL, C1 controls): no mark, a position
        before = text[:exc.position]
        line = before.count("\n") + 1 + line_offset
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        return None, SourceMap(path), [Diagnostic(
            Severity.ERROR, "PG101", f"YAML kan inte läsas: tecknet {describe(char)} får inte stå i en YAML-fil",
            Span(path, line, col, line, col))]
    except yaml.YAMLError as exc:
        return None, SourceMap(path), [Diagnostic(Severity.ERROR, "PG101", f"YAML kan inte läsas: {exc}",
                                                 Span(path, 1 + line_offset, 1))]
    return _from_node(node, path, line_offset, aliases)


def _from_node(node: yaml.Node | None, path: str, line_offset: int,
               aliases: bool = True) -> tuple[Any, SourceMap, list[Diagnostic]]:
    if node is None:
        return {}, SourceMap(path), []
    if aliases:
        problem = _expansion_problem(node, path, line_offset)
        if problem is not None:
            return None, SourceMap(path), [problem]
    found: list[yaml.Node] = []
    try:
        data = _plain_data(node, 0, found)
        return data, SourceMap.deferred(path, node, line_offset), [_unwritable(n, path, line_offset) for n in found]
    except _KeyProblem:
        pass
    except _TooDeep as exc:
        return None, SourceMap(path), [_too_deep(exc.node.start_mark, path, line_offset)]
    builder = _Builder(path, line_offset)
    try:
        data = builder.build(node, ())
    except _TooDeep as exc:
        return None, SourceMap(path), [_too_deep(exc.node.start_mark, path, line_offset)]
    return data, builder.map, builder.diagnostics


def _too_deep(mark: yaml.Mark, path: str, line_offset: int) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "PG122",
                      f"YAML-värdena är kapslade i mer än {MAX_DEPTH} nivåer; papergen läser högst {MAX_DEPTH} "
                      "(en källfil behöver sällan fler än tio)",
                      Span(path, mark.line + 1 + line_offset, mark.column + 1))


def _too_deep_events(text: str, path: str, line_offset: int) -> Diagnostic | None:
    """Nesting beyond MAX_DEPTH, found in the parser's event stream (a loop, unlike the composer).

    libyaml's parser when there is one: it streams the events up to its own limit (1 000 levels),
    where the Python one looks far ahead and takes a second for a thousand open brackets.
    """
    for loader in dict.fromkeys((_COMPOSER, yaml.SafeLoader)):
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return _too_deep(event.start_mark, path, line_offset)
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.MarkedYAMLError as exc:
            if "maximum nesting depth" in str(exc.problem) and exc.problem_mark is not None:
                return _too_deep(exc.problem_mark, path, line_offset)  # libyaml's own limit, far beyond ours
        except yaml.YAMLError:
            pass
    return None  # not too deep: the composer reports the problem, in its words


def _expansion_problem(root: yaml.Node, path: str, line_offset: int) -> Diagnostic | None:
    """PG121 when expanding the aliases would make more than MAX_NODES values, or never end.

    Composed, an alias is the anchored node itself, shared: each node's expanded size is
    counted once, bottom-up, without recursion, so a billion-laughs document is refused
    after a few hundred steps.
    """
    size: dict[int, int] = {}
    ancestors: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            ancestors.discard(key)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_NODES:
                return _expansion(node, path, line_offset,
                                  f"växer till mer än {MAX_NODES:_} värden när aliasen (*namn) ersätts med "
                                  "det de pekar på".replace("_", " "))
            size[key] = total
            continue
        if key in size:
            continue
        if key in ancestors:
            return _expansion(node, path, line_offset, "innehåller ett alias till sig självt, så det tar aldrig slut")
        ancestors.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _expansion(node: yaml.Node, path: str, line_offset: int, what: str) -> Diagnostic:
    mark = node.start_mark
    return Diagnostic(Severity.ERROR, "PG121", f"YAML-värdet som börjar här {what}; skriv ut värdena utan alias",
                      Span(path, mark.line + 1 + line_offset, mark.column + 1))


# PyYAML's problems are English; the common ones get Swedish text, the rest are quoted.
_PROBLEMS = {
    "mapping values are not allowed here": "kolon på fel ställe (sätt citattecken runt texten om den innehåller ': ')",
    "could not find expected ':'": "kolon saknas efter nyckeln",
    "found character '\\t' that cannot start any token": "tabb får inte användas för indrag",
    "did not find expected key": "indraget stämmer inte, en nyckel väntades",
    "did not find expected '-' indicator": "indraget stämmer inte, ett listelement ('- ') väntades",
    "found undefined alias": "okänt alias",
    "while parsing a block mapping": "i en mappning",
    "while parsing a block collection": "i en lista",
    "while scanning a simple key": "i en nyckel",
    "while scanning a quoted scalar": "i en text inom citattecken",
    "found unexpected end of stream": "filen tar slut mitt i en text inom citattecken",
    "while parsing a flow sequence": "i en lista inom hakparenteser",
    "expected ',' or ']', but got '<stream end>'": "']' saknas",
}


def _translate(problem: str) -> str:
    return _PROBLEMS.get(problem, problem)
