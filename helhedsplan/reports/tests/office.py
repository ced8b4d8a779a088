"""A real office client for the document tests: Debian's LibreOffice converts the Word and Excel
files to PDF as a receiver's machine would open and print them.

Tests that need it are marked `libreoffice`; without LibreOffice they are skipped with a line
that says how to install it (.ci/run installs it, so CI always runs them).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CONVERT_TIMEOUT = 180

# Arial's metric twin, which LibreOffice prints the documents' Arial with (and the tests measure
# text with): Debian's fonts-liberation2, which comes with LibreOffice.
LIBERATION_SANS = Path("/usr/share/fonts/truetype/liberation2")

# The one skip of the document tests, like the browser tests' without Chromium: on a machine
# without LibreOffice and its fonts. .ci/run installs both, so CI always runs these tests.
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or not (LIBERATION_SANS / "LiberationSans-Regular.ttf").exists(),
    reason="LIBREOFFICE NOT FOUND: install Debian's libreoffice-writer-nogui, "
    "libreoffice-calc-nogui and fonts-liberation2 to run the document tests; .ci/run does.",
)


def convert_all_to_pdf(documents: dict[str, tuple[bytes, str]]) -> dict[str, bytes]:
    """Each document ({name: (content, ".docx" or ".xlsx")}) converted to PDF by LibreOffice, in
    one `soffice` call; raises on any failure.

    LibreOffice's start takes most of a conversion's time, and one process converts the files
    one after another, each as it would alone: one call for all of a module's documents. Each
    call gets its own user profile, so parallel test processes do not share one.
    """
    with tempfile.TemporaryDirectory(prefix="hp-office-") as folder:
        folder = Path(folder)
        sources = []
        for name, (content, suffix) in documents.items():
            source = folder / f"{name}{suffix}"
            source.write_bytes(content)
            sources.append(str(source))
        result = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "out"),
                *sources,
            ],
            capture_output=True,
            timeout=CONVERT_TIMEOUT * len(documents),
            check=False,
        )
        converted = {}
        for name, (_content, suffix) in documents.items():
            target = folder / "out" / f"{name}.pdf"
            if result.returncode != 0 or not target.exists():
                raise RuntimeError(
                    f"LibreOffice could not convert {name}{suffix}: "
                    f"{result.stdout!r} {result.stderr!r}"
                )
            converted[name] = target.read_bytes()
        return converted
