"""The reports as their receivers see them: every report kind of the demo plan as PDF (the app's
own), Word and Excel (printed by LibreOffice, as a receiver's machine would), each page turned
into a PNG. Writes docs/report-pages/<kind>-<edition>-p<page>.png and prints the page counts.

    DEBUG=1 .venv/bin/python docs/report_pages.py [--dpi 50] [--pages 1,2] [--out FOLDER]

Needs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui) and pdftoppm
(poppler-utils), as .ci/run installs them. The data is the demo plan with `demo-data --seed 1`
in a temporary SQLite database; "Dannet" in the footers is the time the script runs.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--pages", default="1,2", help="which pages of each edition, e.g. 1,2")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-pages")
    return parser.parse_args()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    folder = tempfile.mkdtemp(prefix="hp-report-pages-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/pages.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
    import django

    django.setup()


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def write_pages(pdf: bytes, name: str, pages: list[int], args) -> list[Path]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        written = []
        for page in pages:
            if page > page_count(pdf):
                continue
            target = args.out / f"{name}-p{page}"
            pick = ["-f", str(page), "-l", str(page), "-singlefile"]
            command = ["pdftoppm", "-r", str(args.dpi), "-png", *pick, str(source), str(target)]
            subprocess.run(command, check=True, timeout=60)
            written.append(target.with_suffix(".png"))
        return written


def main() -> None:
    args = parse_args()
    setup_django()
    from django.core.management import call_command

    from helhedsplan.conftest import PLAN_FILE
    from helhedsplan.demo.services import generate_demo_data
    from helhedsplan.documents.render_docx import render_docx
    from helhedsplan.documents.render_pdf import render_pdf
    from helhedsplan.documents.render_xlsx import render_xlsx
    from helhedsplan.plans.services import load_plan
    from helhedsplan.reports.services import build_report
    from helhedsplan.reports.tests.conftest import DEMO_REPORTS
    from helhedsplan.reports.tests.office import convert_to_pdf

    call_command("migrate", verbosity=0)
    plan = load_plan(text=PLAN_FILE.read_text(encoding="utf-8"), source_name=PLAN_FILE.name)
    generate_demo_data(plan=plan, seed=1, until=plan.end)
    args.out.mkdir(parents=True, exist_ok=True)
    pages = [int(page) for page in args.pages.split(",")]
    print(f"{'report':<16} {'PDF':>4} {'Word':>5} {'Excel':>6}  pages of each")
    for kind, period in DEMO_REPORTS.items():
        report = build_report(plan=plan, kind=kind, period=period, suppress=True)
        editions = {
            "pdf": render_pdf(report),
            "word": convert_to_pdf(render_docx(report), ".docx"),
            "excel": convert_to_pdf(render_xlsx(report), ".xlsx"),
        }
        counts = {edition: page_count(pdf) for edition, pdf in editions.items()}
        for edition, pdf in editions.items():
            write_pages(pdf, f"{kind}-{edition}", pages, args)
        print(f"{kind:<16} {counts['pdf']:>4} {counts['word']:>5} {counts['excel']:>6}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
