"""Read YAML (or JSON, which YAML reads too) into plain data, remembering each value's line."""

from dataclasses import dataclass, field

import yaml

from helhedsplan.plans.planfile.errors import PlanFileError, PlanFileProblem

Path = tuple[str | int, ...]


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
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark else None
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


def _build(node: yaml.Node, path: Path, source: ParsedSource, loader: yaml.SafeLoader):
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
