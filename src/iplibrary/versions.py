"""Installed package versions, looked up one way: what cache keys and the benchmark's
report record of the software that made a file."""

from importlib.metadata import PackageNotFoundError, version


def installed_version(package: str) -> str | None:
    """The installed version of `package`, or None when it is not installed."""
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def version_pins(packages) -> list[str]:
    """'name==1.2' for each package, 'name missing' for one not installed: a part of cache
    keys, so that an upgrade makes what it renders again."""
    return [f"{package}=={found}" if (found := installed_version(package)) is not None else f"{package} missing"
            for package in packages]
