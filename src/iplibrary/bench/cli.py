"""scripts/bench: how long the site takes to build, against plain MkDocs, as it grows.

Generates synthetic libraries that follow the content contract in a temporary folder,
builds them (each build in a fresh process, several repetitions), and prints a table of
medians, peak memory and the targets as ratios (README: Performance):

  1. our full build (PDFs off) against a baseline: plain MkDocs + Material +
     mkdocs-static-i18n building the same pages with no hooks of ours, and against
     two floors: Python-Markdown alone over the same pages with the same extensions,
     once per page per language (fallback copies included) and once per distinct source;
  2. scaling: N and 4*N resources (with --big, also 2,000: linear and within 1 GiB);
  3. languages: English only against seven languages with 20% translated;
  4. preview: a one-language build after editing one resource, against the full build;
     and `make serve` on the shipped library: seconds from saving a resource to its
     page served with the change;
  5. PDFs: cold render of all, a rebuild with no change, a rebuild after 10 resources
     changed, one worker against all cores;
  6. peak memory of each build;
  7. search: Pagefind's indexing time against the largest full build, and the bytes a
     phone downloads for the first results of a one-word query on /fr/library/
     (Chromium, served as a static host serves it).

The default run (150 and 600 resources, 3 repetitions, PDFs of 60 resources) takes
about 10 minutes on 2 cores (--profile DIR adds 2). Not a test: tests/test_bench.py
runs a tiny one.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from iplibrary.bench.measure import CommandFailed
from iplibrary.bench.report import report
from iplibrary.bench.runner import BASELINE, BIG_RESOURCES, OURS, Bench, Options

REPO = Path(__file__).resolve().parents[3]


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0],
                                epilog="\n\n".join(__doc__.split("\n\n")[1:]),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--resources", type=_positive, default=150, help="N, the smaller library (default 150)")
    p.add_argument("--scale", type=_positive, default=4, help="the larger library has SCALE*N resources (default 4)")
    p.add_argument("--translated", type=_share, default=0.2, metavar="SHARE",
                   help="share of resources translated into each other language (default 0.2)")
    p.add_argument("--words", type=_positive, default=1500, help="words in each body (default 1500)")
    p.add_argument("-r", "--repeat", type=_positive, default=3, help="repetitions of each build (default 3)")
    p.add_argument("--seed", type=int, default=1, help="of the synthetic library (default 1)")
    p.add_argument("--preview-lang", default="en", help="the language of the preview build (default en)")
    p.add_argument("--no-scaling", action="store_true",
                   help="skip the SCALE*N library (its builds take most of a run; no scaling or memory target)")
    p.add_argument("--big", action="store_true",
                   help=f"also build a {BIG_RESOURCES}-resource library in each repetition (about 3 minutes a build on "
                        f"2 cores): the scale target, linear from SCALE*N, and its peak memory")
    p.add_argument("--no-serve", action="store_true", help="skip the `make serve` measurement")
    p.add_argument("--no-pdfs", action="store_true", help="skip the PDF measurements")
    p.add_argument("--no-search", action="store_true",
                   help="skip the search measurements (indexing share; bytes of a query in Chromium, which needs make test-deps)")
    p.add_argument("--pdf-resources", type=_positive,
                   help="resources of the PDF library (default N: 10 changes among fewer than 100 resources "
                        "can never cost under 10%% of the cold render)")
    p.add_argument("--pdf-changed", type=_positive, default=10, help="resources changed before the PDF rebuild (default 10)")
    p.add_argument("--pdf-repeat", type=_positive, default=1, help="repetitions of the PDF measurements (default 1)")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="also write the report as markdown to FILE")
    p.add_argument("--profile", type=Path, metavar="DIR",
                   help="afterwards, profile one full build of ours and of the baseline into DIR (cProfile)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (projects, sites, logs)")
    p.add_argument("--workdir", type=Path, help="work in this folder instead of a temporary one (kept)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the report")
    return p


def main(argv: list[str] | None = None, repo: Path = REPO) -> int:
    args = parser().parse_args(argv)
    from iplibrary.languages import LANGUAGES

    if args.preview_lang not in LANGUAGES:
        print(f"--preview-lang: unknown language '{args.preview_lang}' (languages: {' '.join(LANGUAGES)})", file=sys.stderr)
        return 2
    work = args.workdir.resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="iplibrary-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    options = Options(resources=args.resources, scale=args.scale, translated_share=args.translated, words=args.words,
                      repeat=args.repeat, seed=args.seed, preview_lang=args.preview_lang, pdfs=not args.no_pdfs,
                      pdf_resources=args.pdf_resources or args.resources, pdf_changed=args.pdf_changed, pdf_repeat=args.pdf_repeat,
                      serve=not args.no_serve, search=not args.no_search, scaling=not args.no_scaling,
                      big=BIG_RESOURCES if args.big else 0, workdir=work)
    progress = (lambda message: None) if args.quiet else (lambda message: print(message, file=sys.stderr, flush=True))
    bench = Bench(repo, options, progress)
    try:
        results = bench.run()
        text = report(results)
        print(text)
        if args.markdown:
            args.markdown.write_text(text, encoding="utf-8")
        if args.profile:
            from iplibrary.bench.profiling import profile_build

            for name in (OURS, BASELINE):
                project = work / (f"ours-{args.resources}" if name == OURS else f"baseline-{args.resources}")
                progress(f"profile of {name}: {profile_build(name, project, args.profile.resolve())}")
    except CommandFailed as exc:
        print(f"bench: a build failed, nothing measured further: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep or args.workdir:
            progress(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
