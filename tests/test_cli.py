"""The command line: `check`, `types` and the demo, with their exit codes."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from samples import instance

import ecr_attrs
from ecr_attrs import json_converter
from ecr_attrs.cli import build_parser, main
from ecr_attrs.demo import embedded_ecr

DESCRIBE_IMAGES = {  # what `aws ecr describe-images` prints
    "imageDetails": [
        {
            "registryId": "123456789012",
            "repositoryName": "team/web",
            "imageDigest": "sha256:" + "ab" * 32,
            "imageTags": ["v1", "latest"],
            "imageSizeInBytes": 48213004,
            "imagePushedAt": "2024-05-17T11:30:00+02:00",
            "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
        }
    ]
}


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def saved(tmp_path):
    def save(data, name="out.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(path)

    return save


def test_check_accepts_valid_output_and_summarises_it(capsys, saved):
    code, out, _ = run(capsys, "check", "DescribeImagesResponse", saved(DESCRIBE_IMAGES))
    assert code == 0
    assert out.splitlines() == ["OK: DescribeImagesResponseTypeDef", "  imageDetails: 1 item"]


def test_check_reads_standard_input(capsys, monkeypatch):
    code, out, _ = run(
        capsys,
        "check",
        "DescribeImagesResponseTypeDef",
        stdin=json.dumps(DESCRIBE_IMAGES),
        monkeypatch=monkeypatch,
    )
    assert (code, out.splitlines()[0]) == (0, "OK: DescribeImagesResponseTypeDef")


def test_check_lists_every_problem_with_its_path(capsys, saved):
    bad = {"imageDetails": [{"imageTags": "v1", "imagePushedAt": "yesterday"}], "nextToken": 5}
    code, out, _ = run(capsys, "check", "DescribeImagesResponse", saved(bad))
    assert code == 1
    assert out.splitlines() == [
        "INVALID: 3 problems structuring DescribeImagesResponseTypeDef",
        "  $.imageDetails[0].imageTags: expected a list or tuple of str, got 'v1'",
        "  $.imageDetails[0].imagePushedAt: expected a datetime, an ISO 8601 string or epoch seconds, got 'yesterday'",
        "  $.nextToken: expected str, got 5",
    ]


def test_strict_mode_rejects_unknown_keys_and_enum_values(capsys, saved):
    data = {"imageScanStatus": {"status": "QUANTUM"}, "extra": 1, "imageTags": []}
    assert run(capsys, "check", "ImageDetail", saved(data))[0] == 0
    code, out, _ = run(capsys, "check", "--strict", "ImageDetail", saved(data))
    assert code == 1
    assert "$.imageScanStatus.status: 'QUANTUM' is not a value this release knows (strict mode)" in out
    assert "$.extra: unknown key" in out


def test_an_unknown_type_suggests_close_names(capsys, saved):
    code, _, err = run(capsys, "check", "DescribeImageResponse", saved(DESCRIBE_IMAGES))
    assert code == 2
    assert "unknown type 'DescribeImageResponse'; did you mean DescribeImagesResponseTypeDef" in err


def test_bad_json_reports_line_and_column(capsys, saved):
    code, out, _ = run(capsys, "check", "DescribeImagesResponse", saved('{\n  "imageDetails": [,]\n}'))
    assert code == 1
    assert out.strip() == "INVALID: not JSON: Expecting value at line 2 column 20"


def test_a_missing_file_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", "DescribeImagesResponse", str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "check")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_types_lists_every_class(capsys):
    code, out, _ = run(capsys, "types")
    assert code == 0
    assert (
        len(out.splitlines()) == len(ecr_attrs.models.CLASS_NAMES)
        and "ImageDetailTypeDef" in out.splitlines()
    )


def test_json_written_by_the_json_converter_checks_ok(capsys, saved):
    response = instance(ecr_attrs.DescribeImageScanFindingsResponseTypeDef)
    code, out, _ = run(
        capsys,
        "check",
        "--strict",
        "DescribeImageScanFindingsResponse",
        saved(json_converter.unstructure(response)),
    )
    assert code == 0, out


def test_the_console_script_is_installed():
    script = Path(sys.executable).with_name("ecr-attrs")  # beside the interpreter running the tests
    done = subprocess.run([str(script), "types"], capture_output=True, text=True)
    assert done.returncode == 0 and "TagTypeDef" in done.stdout


def test_the_demo_runs_against_the_embedded_ecr():
    done = subprocess.run(
        [sys.executable, "-m", "ecr_attrs", "demo"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ecr-attrs demo against an embedded ECR (moto) at http://127.0.0.1:")
    repo = re.search(r"- created repository (demo/web-app-[0-9a-f]{6}) at ", done.stdout).group(1)
    assert (
        f"- created repository {repo} at 123456789012.dkr.ecr.us-east-1.amazonaws.com/{repo} (scan on push: True)"
        in lines
    )
    assert any(line.startswith("- pushed image v1.0.0 as sha256:") for line in lines)
    assert "- listed 1 image(s): v1.0.0" in lines
    assert "- waited for the scan: COMPLETE, 1 HIGH" in lines
    assert "  HIGH CVE-9999-9999" in lines  # moto's finding has no description: no dangling colon
    assert "- lifecycle policy set: 1 rule(s), first: keep the ten newest tagged images" in lines
    assert "- repository policy: AllowPull allows ecr:BatchGetImage, ecr:GetDownloadUrlForLayer" in lines
    assert "authorizationToken='***'" in done.stdout
    assert f"- {repo}-missing does not exist: RepositoryNotFoundException (HTTP 400)" in lines
    assert f"- cleaned up: deleted repository {repo} and its images" in lines
    assert lines[-1].startswith("done: 13 calls")
    assert "Traceback" not in done.stderr


@pytest.fixture
def moto_endpoint():
    with embedded_ecr() as url:
        yield url


def repositories_at(endpoint: str) -> list[str]:
    import boto3

    raw = boto3.client(
        "ecr",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
    )
    return [r["repositoryName"] for r in raw.describe_repositories()["repositories"]]


def test_the_demo_runs_twice_against_one_endpoint_and_leaves_nothing_behind(moto_endpoint):
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
    # moto keeps one registry per process, so other tests' repositories may be there too.
    before = repositories_at(moto_endpoint)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "ecr_attrs", "demo", "--endpoint-url", moto_endpoint],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert repositories_at(moto_endpoint) == before


def test_the_demo_cleans_up_when_a_step_fails(moto_endpoint):
    import boto3

    from ecr_attrs import ECRClient
    from ecr_attrs.demo import Demo

    class FailingDemo(Demo):  # a step that fails after the repository exists
        def steps(self, created):
            super().steps(created)
            raise RuntimeError("a step failed")

    raw = boto3.client(
        "ecr",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
    )
    out = io.StringIO()
    before = repositories_at(moto_endpoint)
    with pytest.raises(RuntimeError, match="a step failed"):
        FailingDemo(ECRClient(raw), out).run()
    assert "- cleaned up: deleted repository demo/web-app-" in out.getvalue()
    assert repositories_at(moto_endpoint) == before


def test_the_demo_refuses_an_endpoint_off_this_machine_unless_confirmed():
    env = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "PATH": "/usr/bin:/bin"}
    command = [
        sys.executable,
        "-m",
        "ecr_attrs",
        "demo",
        "--endpoint-url",
        "https://ecr.us-east-1.amazonaws.com",
    ]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert refused.returncode == 2
    assert refused.stdout.startswith("refusing to run against https://ecr.us-east-1.amazonaws.com")
    assert refused.stdout.rstrip().endswith("pass --yes to confirm")
    for flag in (
        "--yes",
        "--i-understand-this-creates-resources",
    ):  # parsed; not run: no traffic off loopback
        assert build_parser().parse_args(["demo", "--endpoint-url", "https://x", flag]).yes is True


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:5000", True),
        ("http://127.9.8.7", True),
        ("http://localhost:4566", True),
        ("http://[::1]:5000", True),
        ("https://ecr.us-east-1.amazonaws.com", False),
        ("http://10.0.0.5:5000", False),
        ("http://127.0.0.1.example.com", False),
    ],
)
def test_only_loopback_endpoints_count_as_this_machine(url, loopback):
    from ecr_attrs.demo import is_loopback

    assert is_loopback(url) is loopback


def test_the_demo_fails_clearly_when_the_endpoint_cannot_be_reached():
    env = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "ecr_attrs", "demo", "--endpoint-url", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].startswith("error: cannot reach the ECR endpoint")


def test_check_refuses_a_document_none_of_whose_keys_is_a_field(capsys, saved):
    for flags in ((), ("--strict",)):
        code, out, _ = run(capsys, "check", *flags, "ImageDetail", saved(DESCRIBE_IMAGES))
        assert code == 1
        assert (
            out.splitlines()[0]
            == "INVALID: no key of the document is a field of ImageDetailTypeDef (imageDetails)"
        )
        assert "the document fits DescribeImagesResponseTypeDef" in out


def test_lenient_check_names_the_keys_it_ignored(capsys, saved):
    data = {"imageDetails": [{"imageDigest": "sha256:" + "ab" * 32, "imageTagz": ["v1"]}], "nextTokn": "x"}
    code, out, _ = run(capsys, "check", "DescribeImagesResponse", saved(data))
    assert code == 0
    assert "  ignored unknown key $.imageDetails[0].imageTagz" in out.splitlines()
    assert "  ignored unknown key $.nextTokn" in out.splitlines()


def test_an_empty_document_is_not_mistaken_for_the_wrong_class(capsys, saved):
    code, out, _ = run(capsys, "check", "ImageDetail", saved({}))
    assert code == 0 and out.startswith("OK: ImageDetailTypeDef")


@pytest.mark.parametrize("name", sorted(ecr_attrs.models.ALIASES))
def test_check_takes_every_alias_the_package_exports(capsys, saved, name):
    target = ecr_attrs.models.ALIASES[name]
    for spelling in (name, name.removesuffix("TypeDef")):
        code, out, _ = run(capsys, "check", spelling, saved({}))
        assert code in (0, 1) and out.splitlines()[0].endswith(target), out  # resolved to the class itself


def test_strict_check_takes_the_severities_inspector_sends(capsys, saved):
    findings = {
        "registryId": "123456789012",
        "repositoryName": "team/web",
        "imageId": {"imageDigest": "sha256:" + "ab" * 32},
        "imageScanStatus": {"status": "ACTIVE"},
        "imageScanFindings": {"findingSeverityCounts": {"MEDIUM": 1, "UNTRIAGED": 1}},
    }
    code, out, _ = run(capsys, "check", "--strict", "DescribeImageScanFindingsResponse", saved(findings))
    assert (code, out.splitlines()[0]) == (0, "OK: DescribeImageScanFindingsResponseTypeDef (strict)")
