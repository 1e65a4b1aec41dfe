"""The command line: a thin layer that parses arguments, calls the library and prints.

This module imports nothing heavy: `cjm --version` answers before typer is even loaded.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
from typing import Any, NoReturn

__all__ = ["app", "main"]

EXIT_ERROR, EXIT_INTERNAL = 2, 3
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF, getattr(errno, "EDQUOT", errno.ENOSPC)}


def load_app() -> Any:
    """The Typer app with every command registered."""
    from cjm.cli import diff as _diff  # noqa: F401
    from cjm.cli import export as _export  # noqa: F401
    from cjm.cli import importer as _importer  # noqa: F401
    from cjm.cli import lint as _lint  # noqa: F401  (importing a module registers its commands)
    from cjm.cli import misc as _misc  # noqa: F401
    from cjm.cli import render as _render  # noqa: F401
    from cjm.cli import score as _score  # noqa: F401
    from cjm.cli.app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return load_app()
    raise AttributeError(name)


def tune_gc() -> None:
    """Collect reference cycles rarely, as the command line does (benchmarks call this too).

    cjm builds large acyclic object trees (a 5,000-touchpoint journey is about a million
    objects): with the default thresholds the cyclic collector rescans them again and
    again, which makes big journeys superlinear.
    """
    gc.set_threshold(200_000, 50, 100)


def usage_error_line(exc: Any) -> str:
    """A bad argument as one line: `cjm: error: <what> (see 'cjm lint --help')`."""
    message = " ".join(exc.format_message().replace("Value error, ", "").split())
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"cjm: error: {message}{hint}\n"


def main(argv: list[str] | None = None) -> None:
    """Entry point: exit codes 0 ok, 1 check failed, 2 job not done, 3 internal error."""
    args = sys.argv[1:] if argv is None else argv
    _open_closed_std_streams()
    if args == ["--version"]:  # fast path: answer before loading typer and every command
        from cjm import __version__

        _write_and_exit(f"cjm {__version__}\n")
    tune_gc()
    from cjm.cli import completion  # the standard library only

    if completion.COMPLETE_VAR in os.environ:  # the shell asks what to complete
        completion.prepare()
    args = completion.with_detected_shell(args)
    for stream in (sys.stdout, sys.stderr):
        # File names that are not UTF-8 reach us as surrogate escapes: print their own bytes.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    try:
        import typer
    except KeyboardInterrupt:  # Ctrl-C while starting up
        sys.stderr.write("cjm: interrupted\n")
        sys.exit(130)

    try:  # typer >= 0.20 vendors click
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer on plain click
        from click import ClickException  # type: ignore[assignment]

    try:
        result = load_app()(args=args, prog_name="cjm", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, not as a lost report at interpreter exit
    except typer.Exit as exc:
        result = exc.exit_code
    except ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # `cjm` or `cjm lint` alone: the help is the answer
        else:
            sys.stderr.write(usage_error_line(exc))
        sys.exit(EXIT_ERROR)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("cjm: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            _internal(exc, args)
        # standard output on a full or failing device: the job is not done, but it is no bug
        sys.stderr.write(f"cjm: error: cannot write the output: {exc.strerror or exc}\n")
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        _internal(exc, args)
    code = result if isinstance(result, int) else 0
    if code == 130:  # typer turns Ctrl-C into 130
        sys.stderr.write("cjm: interrupted\n")
    sys.exit(code)


def _write_and_exit(text: str) -> NoReturn:
    """Print a short answer and exit 0; a closed pipe is fine, a full or failing output is exit 2."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except OSError as exc:
        _quiet_stdout()
        sys.stderr.write(f"cjm: error: cannot write the output: {exc.strerror or exc}\n")
        sys.exit(EXIT_ERROR)
    sys.exit(0)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's own flush at exit cannot fail again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


def _internal(exc: BaseException, args: list[str]) -> NoReturn:
    """A bug: one line asking for --debug, or with --debug the traceback; exit 3 either way."""
    if "--debug" in args:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__)
    else:
        sys.stderr.write(f"cjm: internal error ({type(exc).__name__}); re-run with --debug and report the traceback\n")
    sys.exit(EXIT_INTERNAL)


def _open_closed_std_streams() -> None:
    """Standard streams closed by the caller (`cjm ... >&-`) read and write /dev/null.

    Python leaves such a stream as None (a report would be an AttributeError), and the next
    file or pipe opened would take its descriptor and receive what was meant for it.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            if getattr(sys, name) is None:
                setattr(sys, name, open(fd, mode, closefd=False, encoding="utf-8"))  # noqa: SIM115
