"""Every example in README.md and docs/ runs, as written.

The conventions, which the pages rely on:

- A page is one session: its examples run in order, in one empty temporary folder, so a
  later block may use a file an earlier one wrote. Nothing is prepared beforehand; `ucrypto`
  (the native binary, $UCRYPTO_BIN, else the package's console script) and `python` (this
  interpreter) are first on PATH.
- ```python blocks run with `exec`, each in a fresh namespace; an `assert` states what is
  expected.
- ```sh blocks run with `bash -euo pipefail`: every command must succeed.
- ```console blocks are commands (`$ ` lines, `\\` continues one) each followed by what it
  prints (stdout and stderr together); `...` in the expected text stands for anything.
- A block right after a line `<!-- not run: REASON -->` is illustrative only (it needs
  hardware, a firmware build or the whole test suite); such blocks are counted and few.
- Blocks in other languages (rust, text, ...) are not run here: the README's Rust example
  is a doctest of the core crate. A fence that is indented, or has no language, fails.
"""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, _wheel_cli

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
RUN = {"python", "sh", "console"}
NOT_RUN = {"rust", "text", "json", "toml", "c"}
NOT_RUN_MARK = re.compile(r"<!-- not run: (.+?) -->")
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
MAX_ILLUSTRATIVE = 6


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    code: str
    not_run: str | None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text()
    found = []
    for m in FENCE.finditer(text):
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        mark = NOT_RUN_MARK.fullmatch(before.strip())
        found.append(Block(page, text.count("\n", 0, m.start()) + 1, m.group(1).strip(), m.group(2),
                           mark.group(1) if mark else None))
    return found


ALL = [b for page in PAGES for b in blocks(page)]
RUNNABLE = [b for b in ALL if b.lang in RUN and b.not_run is None]


def test_every_fence_says_what_it_is_and_starts_a_line():
    for page in PAGES:
        text = page.read_text()
        indented = [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s+```", line)]
        assert not indented, f"{page.name}: indented fences at lines {indented} would not be run"
    unknown = [(b.name, b.lang) for b in ALL if b.lang not in RUN | NOT_RUN]
    assert not unknown, f"fences with no or an unknown language: {unknown}"


def test_illustrative_blocks_are_few_and_say_why():
    illustrative = [b.name for b in ALL if b.not_run is not None]
    assert len(illustrative) <= MAX_ILLUSTRATIVE, illustrative
    assert all(b.lang in RUN for b in ALL if b.not_run is not None)


def test_the_pages_have_examples():
    assert len([b for b in RUNNABLE if b.lang == "python"]) >= 10
    assert len([b for b in RUNNABLE if b.lang in ("sh", "console")]) >= 10


def test_relative_links_in_readme_and_contributing_exist():
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text()
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" not in target:
                assert (ROOT / target).exists(), f"{name} links to missing {target}"


@pytest.fixture(scope="session")
def tool_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A folder holding `ucrypto` and `python`, put first on PATH for the examples."""
    bin_dir = tmp_path_factory.mktemp("bin")
    cli = os.environ.get("UCRYPTO_BIN") or _wheel_cli()
    (bin_dir / "ucrypto").symlink_to(cli)
    (bin_dir / "python").symlink_to(sys.executable)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


class Session:
    """One page's folder and how far its blocks have run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.done = 0
        self.failed: str | None = None


@pytest.fixture(scope="session")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Session]:
    return {page: Session(tmp_path_factory.mktemp(page.stem)) for page in PAGES}


def run_shell(script: str, folder: Path, path: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path}
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def console_steps(code: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    steps: list[tuple[str, list[str]]] = []
    lines = iter(code.splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command + "\n" + next(lines)
            steps.append((command, []))
        else:
            assert steps, f"console output before any command: {line!r}"
            steps[-1][1].append(line)
    return [(command, "\n".join(out)) for command, out in steps]


def matches(expected: str, actual: str) -> bool:
    pattern = ".*?".join(re.escape(part) for part in expected.strip().split("..."))
    return re.fullmatch(pattern, actual.strip(), re.S) is not None


def run_block(block: Block, folder: Path, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    where = f"{block.name} ({block.lang})"
    if block.lang == "python":
        with monkeypatch.context() as m:
            m.chdir(folder)
            m.setenv("PATH", path)
            exec(compile(block.code, where, "exec"), {"__name__": "__docs__"})
    elif block.lang == "sh":
        done = run_shell(block.code, folder, path)
        assert done.returncode == 0, f"{where} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    else:
        for command, expected in console_steps(block.code):
            done = run_shell(command + " 2>&1", folder, path)
            assert done.returncode == 0, f"{where}: `{command}` exited {done.returncode}:\n{done.stdout}"
            assert matches(expected, done.stdout), \
                f"{where}: `{command}` printed\n{done.stdout}\nnot\n{expected}"


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.name for b in RUNNABLE])
def test_example(block, sessions, tool_path, monkeypatch):
    page_blocks = [b for b in RUNNABLE if b.page == block.page]
    session = sessions[block.page]
    index = page_blocks.index(block)
    if session.failed is not None and session.done <= index:
        pytest.fail(f"an earlier example of this page failed: {session.failed}")
    # Run alone (-k), a block first replays the ones before it on its page.
    while session.done <= index:
        current = page_blocks[session.done]
        try:
            run_block(current, session.folder, tool_path, monkeypatch)
        except BaseException:
            session.failed = current.name
            raise
        session.done += 1
