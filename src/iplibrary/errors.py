"""Content errors: one line each, `path:line: field: reason`, all reported at once."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    path: str  # relative to the project root, with forward slashes
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.reason}"


class LibraryInvalid(Exception):
    """Raised with every content error found; the build must not go on."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"{count} content error{'s' if count != 1 else ''}:"
        return "\n".join([head, *(str(e) for e in self.errors)])


class BuildFailed(Exception):
    """A derived view (search index, PDF, bundle, redirect…) could not be produced.

    The message names the file and the reason; the hook turns it into a failed build.
    """
