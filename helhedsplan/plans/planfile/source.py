"""Read YAML (or JSON, which YAML reads too) into plain data, remembering each value's line.

A plan file comes from people outside the server (the upload page, a change request), so the
reader refuses what a plan file never needs and an attacker would use: anchors and aliases
(& and *, whose "billion laughs" expand a few lines into gigabytes), tags other than YAML's own
plain types (!!python/object and the like), nesting deeper than PLAN_FILE_MAX_DEPTH, more than
PLAN_FILE_MAX_NODES values, and a file larger than PLAN_FILE_MAX_BYTES. Each is refused with a
Danish message and its line.

The text is scanned and parsed by libyaml (C) where PyYAML has it; the nodes are composed in
Python, so that every check above runs before the next node is made (benchmarks/plan_file_nodes.py
times both).
"""

from dataclasses import dataclass, field

import yaml

from helhedsplan.core import formats
from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem

Path = tuple[str | int, ...]

# The Randers Nordby plan file is 0.2 MB and 8 levels deep; these leave plenty of room.
PLAN_FILE_MAX_BYTES = 2 * 1024 * 1024
PLAN_FILE_MAX_DEPTH = 20
# Nodes (every key, value, list and mapping). The shipped Randers Nordby plan has about 3,600, 63
# bytes each, so a 2 MB file of plan text that dense holds about 33,000. 50,000 is 14 times the
# shipped plan and more than the byte limit lets real plan text reach (that limit stays the one
# a real plan meets first); a file of tiny items is refused after 50,000 nodes, in about half a
# second, instead of building a million in 20-50 s.
PLAN_FILE_MAX_NODES = 50_000
TOO_DEEP = f"planfilen er indlejret mere end {PLAN_FILE_MAX_DEPTH} niveauer dybt"
# libyaml's own limit (1,000 levels), met while it scans ahead for a flow collection's key
# before our composer reaches level 20: the same refusal.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
# YAML's own tags for plain data: the only ones a plan file may name (e.g. !!str "007").
_PLAIN_TAGS = {
    "!",
    *(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")),
    *(f"tag:yaml.org,2002:{name}" for name in ("seq", "map", "timestamp")),
}


class _Refused(Exception):
    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


class _CheckingComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing anchors, aliases, foreign tags, deep nesting and too many
    nodes as each node is composed (nothing is built past the first refusal)."""

    def __init__(self):
        super().__init__()
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        self._nodes += 1
        if self._nodes > PLAN_FILE_MAX_NODES:
            raise _Refused(
                f"filen har mere end {formats.number(PLAN_FILE_MAX_NODES)} elementer (nøgler, "
                f"værdier og lister); en planfil må højst have {formats.number(PLAN_FILE_MAX_NODES)} "
                "(den medfølgende Randers Nordby-plan har omkring 3.600)",
                line,
            )
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise _Refused(
                "YAML-ankre og -henvisninger (& og *) er ikke tilladt i en planfil. Skriv "
                "værdien ud hvert sted, den bruges",
                line,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                f"YAML-mærket «{shown}» er ikke tilladt i en planfil. Skriv værdien uden mærke",
                line,
            )
        self._depth += 1
        if self._depth > PLAN_FILE_MAX_DEPTH:
            raise _Refused(TOO_DEEP, line)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PurePythonLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _CheckingComposer,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """yaml.SafeLoader's parts with our composer: for a PyYAML built without libyaml."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _CheckingComposer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_PlanFileLoader = _PurePythonLoader

if getattr(yaml, "__with_libyaml__", False):

    class _PlanFileLoader(
        _CheckingComposer,
        yaml.cyaml.CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml scans and parses (yaml.CSafeLoader's parser); our composer comes first in
        the order, so CParser's own C composer, which would skip the checks, is never used."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _CheckingComposer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def read_checked(text: str):
    """The data of a plan file's text that has passed the checks already (a stored version, a
    proposal after `validate_text`): read by libyaml's own loader where present, some 30 times
    faster than PyYAML's pure-Python reader (0.77 s for the Randers Nordby plan). Text from a
    user goes through `parse`, which refuses what a plan file must not hold."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass
class ParsedSource:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[PlanFileProblem] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest ancestor (a missing key has no line of its own)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse(text: str) -> ParsedSource:
    size = len(text.encode("utf-8", errors="replace"))
    if size > PLAN_FILE_MAX_BYTES:
        raise PlanFileError(
            [
                PlanFileProblem(
                    "",
                    f"filen er for stor ({formats.megabytes(size)}); en planfil må højst fylde "
                    f"{PLAN_FILE_MAX_BYTES // (1024 * 1024)} MB",
                )
            ]
        )
    loader = _PlanFileLoader(text)
    try:
        root = loader.get_single_node()
    except _Refused as refused:
        raise PlanFileError([PlanFileProblem("", refused.message, refused.line)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark else None
        if problem == _LIBYAML_TOO_DEEP:
            raise PlanFileError([PlanFileProblem("", TOO_DEEP, line)]) from None
        raise PlanFileError(
            [PlanFileProblem("", f"kan ikke læses som YAML eller JSON: {problem}", line)]
        ) from None
    finally:
        loader.dispose()
    if root is None:
        raise PlanFileError([PlanFileProblem("", "filen er tom")])
    source = ParsedSource(data=None)
    source.data = _build(root, (), source, loader)
    return source


def _build(node: yaml.Node, path: Path, source: ParsedSource, loader: _PlanFileLoader):
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key)
            child = (*path, key)
            if key in result:
                source.problems.append(
                    PlanFileProblem(
                        format_path(child), "nøglen står der to gange", key_node.start_mark.line + 1
                    )
                )
            source.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, source, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), source, loader) for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        source.problems.append(
            PlanFileProblem(format_path(path), f"ugyldig værdi: {error}", node.start_mark.line + 1)
        )
        return None
