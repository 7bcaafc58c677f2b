"""mkdocs.yml read without MkDocs (iplibrary.settings.read_settings): parsed once per text
and environment, yet always current and a fresh copy for each caller."""

from iplibrary import settings


def test_settings_follow_the_file_and_the_environment_and_are_fresh_copies(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: A\nsite_url: !ENV [SITE, 'https://a/']\nnav: [index.md]\n", encoding="utf-8")
    first = settings.read_settings(tmp_path)
    assert first == {"site_name": "A", "site_url": "https://a/", "nav": ["index.md"]}
    first["nav"].append("changed.md")  # a caller changing its copy
    assert settings.read_settings(tmp_path)["nav"] == ["index.md"]
    monkeypatch.setattr(settings.yaml, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert settings.read_settings(tmp_path)["site_name"] == "A"  # same text, same environment: not parsed again
    monkeypatch.undo()
    monkeypatch.setenv("SITE", "https://b/")
    assert settings.read_settings(tmp_path)["site_url"] == "https://b/"
    (tmp_path / "mkdocs.yml").write_text("site_name: B\n", encoding="utf-8")
    assert settings.read_settings(tmp_path) == {"site_name": "B"}
