"""`ecr-attrs check` without a file: on a terminal it says it waits for standard input."""

from __future__ import annotations

import os
import select
import subprocess
import sys

NOTICE = "reading TagTypeDef JSON from standard input; end it with Ctrl-D\n"


def test_on_a_terminal_check_says_it_reads_standard_input_before_waiting():
    main, terminal = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ecr_attrs", "check", "Tag"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "no notice before reading the terminal"
        notice = proc.stderr.readline().decode()
        os.write(main, b'{"Key": "owner", "Value": "platform"}\n\x04')  # Ctrl-D ends the input
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        os.close(main)
    assert NOTICE == notice
    assert b"" == err
    assert out.decode().startswith("OK: TagTypeDef")
    assert 0 == proc.returncode


def test_piped_input_gets_no_notice():
    done = subprocess.run(
        [sys.executable, "-m", "ecr_attrs", "check", "Tag"],
        input='{"Key": "owner", "Value": "platform"}',
        capture_output=True,
        text=True,
    )
    assert ("", 0) == (done.stderr, done.returncode)
