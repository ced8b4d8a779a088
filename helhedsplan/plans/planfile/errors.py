from dataclasses import dataclass


@dataclass(frozen=True)
class PlanFileProblem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (linje {self.line})" if self.line else ""
        return f"{self.path or 'planfilen'}: {self.message}{where}"


class PlanFileError(Exception):
    """A plan file that cannot be used; `problems` lists every error found."""

    def __init__(self, problems: list[PlanFileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
