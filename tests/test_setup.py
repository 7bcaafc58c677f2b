"""One set-up everywhere: every job of .github/workflows/site.yml that runs a make target
reaches it through the same bootstrap step and the Makefile's call of scripts/setup, and
nothing else installs anything; the deploy keeps its PDF cache, keyed on what decides
the PDFs. Plain YAML and Makefile parsing: no network, no container."""

import copy
import re
import subprocess

import pytest
import yaml

from helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
MAKEFILE = REPO / "Makefile"
SETUP = REPO / "scripts" / "setup"
BOOTSTRAP = "Install what the Makefile expects"
BOOTSTRAP_PACKAGES = {"make", "git", "ca-certificates"}  # what must exist before `make` can run scripts/setup
INSTALLERS = re.compile(r"\b(apt-get|apt|dpkg|pip3?|npm|npx|curl|wget)\b")
# what decides a PDF's bytes besides its content (README: "The PDF cache")
CACHE_INPUTS = ("requirements.txt", "scripts/setup", "src/iplibrary/downloads/print_fonts.py", "src/iplibrary/downloads/print_template/**")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def make_rules(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """target -> (prerequisites, recipe lines) of a Makefile, $(VENV) and $(BIN) expanded."""
    variables = dict(re.findall(r"^(\w+) :?= (\S+)$", text, re.M))
    expand = lambda s: re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), m.group(0)), s)  # noqa: E731
    variables = {name: expand(expand(value)) for name, value in variables.items()}
    rules, current = {}, None
    for line in text.splitlines():
        if line.startswith("\t") and current:
            for target in current:
                rules[target][1].append(line.strip())
            continue
        match = re.match(r"^([^\s:#=][^:=]*):(?!=)(.*)$", line)
        current = None
        if match and not line.startswith("."):
            current = expand(match.group(1)).split()
            prerequisites = [p for p in expand(match.group(2)).split() if p != "|"]
            for target in current:
                rules[target] = (prerequisites, [])
    return rules


def setup_modes(target: str, rules, seen=None) -> set[str]:
    """The scripts/setup modes that `make target` runs, through its prerequisites."""
    seen = seen if seen is not None else set()
    if target in seen or target not in rules:
        return set()
    seen.add(target)
    prerequisites, recipe = rules[target]
    modes = {m for line in recipe for m in re.findall(r"(?:^|\s)scripts/setup (\w+)", line)}
    for prerequisite in prerequisites:
        modes |= setup_modes(prerequisite, rules, seen)
    return modes


def make_targets(job: dict) -> list[str]:
    return [target for step in job["steps"] for target in re.findall(r"^make ([\w-]+)", step.get("run", ""), re.M)]


def setup_drift(workflow: dict, makefile: str) -> list[str]:
    """Every way a job could set itself up other than through the one entry point."""
    rules, problems, bootstraps = make_rules(makefile), [], {}
    for name, job in workflow["jobs"].items():
        targets = make_targets(job)
        steps = job["steps"]
        for index, step in enumerate(steps):
            if step.get("name") == BOOTSTRAP:
                if index != 0:
                    problems.append(f"{name}: '{BOOTSTRAP}' is not its first step")
                bootstraps[name] = step.get("run", "")
                installed = set(re.findall(r"[\w.+-]+", step["run"].split("--no-install-recommends", 1)[-1]))
                if installed != BOOTSTRAP_PACKAGES:
                    problems.append(f"{name}: the bootstrap installs {sorted(installed)}, not {sorted(BOOTSTRAP_PACKAGES)}: "
                                    "anything else belongs in scripts/setup")
            elif INSTALLERS.search(step.get("run", "")):
                problems.append(f"{name}: step '{step.get('name', step['run'])}' installs something: use scripts/setup")
        if not targets:
            continue
        if name not in bootstraps:
            problems.append(f"{name}: runs make without the '{BOOTSTRAP}' step")
        for target in targets:
            if not setup_modes(target, rules):
                problems.append(f"{name}: make {target} does not run scripts/setup")
    if len(set(bootstraps.values())) > 1:
        problems.append(f"the '{BOOTSTRAP}' steps differ between jobs: {sorted(bootstraps)}")
    return problems


def test_every_job_that_runs_make_is_set_up_by_the_one_entry_point(workflow):
    assert setup_drift(workflow, MAKEFILE.read_text(encoding="utf-8")) == []
    jobs = workflow["jobs"]
    assert make_targets(jobs["test"]) == ["test"] and make_targets(jobs["build"]) == ["build"]


def test_the_drift_check_would_catch_a_job_that_sets_itself_up(workflow):
    makefile = MAKEFILE.read_text(encoding="utf-8")
    fonts_by_hand = copy.deepcopy(workflow)
    fonts_by_hand["jobs"]["build"]["steps"].insert(2, {"name": "Fonts", "run": "apt-get install -y fonts-noto-cjk"})
    assert setup_drift(fonts_by_hand, makefile) == ["build: step 'Fonts' installs something: use scripts/setup"]
    bigger_bootstrap = copy.deepcopy(workflow)
    bigger_bootstrap["jobs"]["build"]["steps"][0]["run"] += " fonts-wqy-microhei"
    problems = setup_drift(bigger_bootstrap, makefile)
    assert any("build: the bootstrap installs" in p for p in problems)
    assert any("steps differ between jobs" in p for p in problems)
    no_bootstrap = copy.deepcopy(workflow)
    del no_bootstrap["jobs"]["test"]["steps"][0]
    assert "test: runs make without the 'Install what the Makefile expects' step" in setup_drift(no_bootstrap, makefile)
    assert setup_drift(workflow, makefile.replace("build: setup-site ", "build: ")) == [
        "build: make build does not run scripts/setup"]


def test_make_targets_run_the_set_up_they_need():
    rules = make_rules(MAKEFILE.read_text(encoding="utf-8"))
    assert setup_modes("serve", rules) == {"site"}
    assert setup_modes("build", rules) == {"site"}
    assert setup_modes("test", rules) == {"test"}
    assert setup_modes("check", rules) == set()  # validating content needs no Debian package


def test_the_test_set_up_includes_the_site_set_up():
    script = SETUP.read_text(encoding="utf-8")
    assert '  test) needs=("${SITE_NEEDS[@]}" "${TEST_NEEDS[@]}") ;;' in script
    assert 'for package in "${FONT_PACKAGES[@]}"; do SITE_NEEDS+=("$package|"); done' in script
    assert "DPkg::Lock::Timeout" in script  # another apt may hold the lock


def test_setup_explains_itself_and_refuses_an_unknown_mode():
    helped = subprocess.run([str(SETUP), "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "scripts/setup site" in helped.stdout and "scripts/setup test" in helped.stdout
    wrong = subprocess.run([str(SETUP), "publish"], capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.strip().endswith("scripts/setup: say 'site' or 'test'")


def test_as_another_user_setup_prints_the_one_line_to_run(tmp_path):
    """A machine where every Debian package is missing, seen by a user who is not root."""
    fake = tmp_path / "bin"
    fake.mkdir()
    tools = {"dpkg-query": "echo not-installed", "id": "echo 1000", "apt-get": "exit 99",
             "python3": "exit 0", "fc-match": "exit 0"}  # tools that say for themselves they are there
    for name, script in tools.items():
        (fake / name).write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
        (fake / name).chmod(0o755)
    result = subprocess.run([str(SETUP), "site"], capture_output=True, text=True,
                            env={"PATH": f"{fake}:/usr/bin:/bin"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "missing Debian packages; run: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
        "fonts-noto-core fonts-wqy-microhei"]


def test_the_deploy_keeps_its_pdf_cache_keyed_on_what_decides_the_pdfs(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@"))
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make build")
    assert cache < build
    settings = steps[cache]["with"]
    assert settings["path"] == ".cache/pdf"  # iplibrary.downloads.downloads.PDF_CACHE_DIR
    hashed = re.fullmatch(r"pdf-\$\{\{ hashFiles\(([^)]*)\) \}\}-\$\{\{ github\.sha \}\}", settings["key"])
    assert hashed, settings["key"]
    assert set(CACHE_INPUTS) <= set(re.findall(r"'([^']+)'", hashed.group(1)))
    # a new entry for every deploy, restored from the newest one of the same renderer and fonts
    assert settings["restore-keys"] == settings["key"].removesuffix("${{ github.sha }}")


def test_the_pdf_cache_folder_is_the_one_the_workflow_keeps():
    from iplibrary.downloads.downloads import PDF_CACHE_DIR

    assert PDF_CACHE_DIR == ".cache/pdf"


def test_fresh_test_explains_itself_and_the_readme_documents_it():
    helped = subprocess.run([str(REPO / "scripts" / "fresh-test"), "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "fresh clone of HEAD" in helped.stdout
    assert re.search(r"^fresh-test:\n\tscripts/fresh-test \$\(PYTEST_ARGS\)$", MAKEFILE.read_text(encoding="utf-8"), re.M)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make fresh-test" in readme and "scripts/setup site" in readme
