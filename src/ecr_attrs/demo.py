"""``ecr-attrs demo``: a realistic ECR workflow through ``ECRClient``, against an
embedded moto server by default; every request is validated before it is sent and
every response comes back structured.

Needs boto3 (and moto[server] for the embedded endpoint): the ``demo`` extra.  It
creates a repository and deletes it again, so it refuses an endpoint off this
machine unless the user confirms.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO
from urllib.parse import urlsplit

from botocore.exceptions import ClientError

from ecr_attrs import models as ecr
from ecr_attrs.client import ECRClient
from ecr_attrs.exceptions import RepositoryNotFoundException

REPOSITORY = "demo/web-app"
CONFIG_BLOB = b'{"architecture":"amd64","os":"linux","config":{"Cmd":["/app"]},"rootfs":{"type":"layers","diff_ids":[]}}'
LAYER_BLOB = b"pretend this is a gzipped tarball of the application"
LIFECYCLE = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the ten newest tagged images",
            "selection": {
                "tagStatus": "tagged",
                "tagPrefixList": ["v"],
                "countType": "imageCountMoreThan",
                "countNumber": 10,
            },
            "action": {"type": "expire"},
        }
    ]
}


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest() -> str:
    """An OCI image manifest with one config and one layer."""
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": _digest(CONFIG_BLOB),
                "size": len(CONFIG_BLOB),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": _digest(LAYER_BLOB),
                    "size": len(LAYER_BLOB),
                }
            ],
        }
    )


def repository_policy(account: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AllowPull",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                }
            ],
        }
    )


class Demo:
    """Runs the steps through an ``ECRClient``, one readable line (or a short block) per step.

    The repository gets a fresh name per run and is deleted at the end, also when
    a step fails, so the demo can run again and again against the same endpoint.
    """

    def __init__(self, client: ECRClient, out: TextIO) -> None:
        self.client = client
        self.out = out
        self.calls = 0
        self.skipped: list[str] = []
        self.repository = f"{REPOSITORY}-{secrets.token_hex(3)}"
        client.raw.meta.events.register("before-call.ecr", self._count)

    def _count(self, **_: Any) -> None:
        self.calls += 1

    def say(self, text: str) -> None:
        self.out.write(text + "\n")

    def optional_step(self, name: str, step: Callable[[], None]) -> None:
        """A step some endpoints (moto among them) do not implement."""
        try:
            step()
        except (ClientError, NotImplementedError) as error:
            self.skipped.append(name)
            self.say(f"- {name}: skipped, the endpoint does not support it ({type(error).__name__})")

    def run(self) -> None:
        created = self.client.create_repository(
            ecr.CreateRepositoryRequestRequestTypeDef(
                repositoryName=self.repository,
                tags=[ecr.TagTypeDef(Key="team", Value="platform"), ecr.TagTypeDef(Key="env", Value="demo")],
                imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=True),
                imageTagMutability="IMMUTABLE",
            )
        )
        try:
            self.steps(created)
        finally:
            self.client.delete_repository(repositoryName=self.repository, force=True)
            self.say(f"- cleaned up: deleted repository {self.repository} and its images")

    def steps(self, created: ecr.CreateRepositoryResponseTypeDef) -> None:
        repo = created.repository
        assert repo is not None
        account = repo.registryId or "000000000000"
        scanning = repo.imageScanningConfiguration
        self.say(
            f"- created repository {repo.repositoryName} at {repo.repositoryUri} "
            f"(scan on push: {scanning.scanOnPush if scanning else None})"
        )
        pushed = self.client.put_image(
            repositoryName=self.repository,
            imageManifest=manifest(),
            imageTag="v1.0.0",
            imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
        )
        image_id = pushed.image.imageId if pushed.image else None
        self.say(f"- pushed image v1.0.0 as {image_id.imageDigest if image_id else None}")

        listed = self.client.list_images(repositoryName=self.repository)
        tags = ", ".join(i.imageTag or "<untagged>" for i in listed.imageIds)
        self.say(f"- listed {len(listed.imageIds)} image(s): {tags}")
        for detail in self.client.get_paginator("describe_images").items(repositoryName=self.repository):
            when = f"{detail.imagePushedAt:%Y-%m-%d %H:%M:%S %Z}" if detail.imagePushedAt else "unknown"
            self.say(
                f"  {detail.imageDigest} tags={list(detail.imageTags or ())} size={detail.imageSizeInBytes} "
                f"pushed={when}"
            )

        image = ecr.ImageIdentifierTypeDef(imageTag="v1.0.0")
        self.client.start_image_scan(repositoryName=self.repository, imageId=image)
        findings = self.client.get_waiter("image_scan_complete").wait(
            repositoryName=self.repository, imageId=image
        )
        found = findings.imageScanFindings
        counts = dict(found.findingSeverityCounts or {}) if found else {}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "no findings"
        self.say(f"- waited for the scan: {findings.imageScanStatus.status}, {summary}")
        for finding in (found.findings or ()) if found else ():
            line = f"  {finding.severity} {finding.name}"
            self.say((f"{line}: {finding.description}" if finding.description else line)[:100])

        policy = self.client.put_lifecycle_policy(
            repositoryName=self.repository, lifecyclePolicyText=json.dumps(LIFECYCLE)
        )
        rules = json.loads(policy.lifecyclePolicyText)["rules"]
        self.say(f"- lifecycle policy set: {len(rules)} rule(s), first: {rules[0]['description']}")
        self.optional_step("lifecycle policy preview", self.preview)

        self.client.set_repository_policy(
            repositoryName=self.repository, policyText=repository_policy(account)
        )
        read = self.client.get_repository_policy(repositoryName=self.repository)
        statement = json.loads(read.policyText or "{}").get("Statement", [{}])[0]
        self.say(
            f"- repository policy: {statement.get('Sid')} allows {', '.join(statement.get('Action', []))}"
        )

        token = self.client.get_authorization_token()
        data = token.authorizationData[0]
        self.say(f"- authorization token for {data.proxyEndpoint} (the token stays masked):")
        self.say(f"  {data!r}")

        missing = f"{self.repository}-missing"
        try:
            self.client.describe_images(repositoryName=missing)
        except RepositoryNotFoundException as error:
            self.say(f"- {missing} does not exist: {type(error).__name__} (HTTP {error.http_status})")

    def preview(self) -> None:
        self.client.start_lifecycle_policy_preview(repositoryName=self.repository)
        result = self.client.get_waiter("lifecycle_policy_preview_complete").wait(
            repositoryName=self.repository
        )
        expiring = result.summary.expiringImageTotalCount if result.summary else 0
        self.say(f"- lifecycle preview {result.status}: {expiring} image(s) would expire")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def embedded_ecr() -> Iterator[str]:
    """moto's server on a free loopback port, for the length of the demo."""
    import logging

    from moto.server import ThreadedMotoServer

    # The server's request log and its tracebacks for unimplemented operations
    # would drown the demo's own output.
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_demo(*, endpoint_url: str | None, region: str, out: TextIO, confirmed: bool = False) -> int:
    if endpoint_url is not None and not is_loopback(endpoint_url) and not confirmed:
        out.write(
            f"refusing to run against {endpoint_url}: the demo creates (and then deletes) a repository there; "
            "pass --yes to confirm\n"
        )
        return 2
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, EndpointConnectionError
    except ImportError:
        out.write('the demo needs boto3 and moto: pip install "ecr-attrs[demo]"\n')
        return 2
    config = Config(connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 1})

    def client_for(url: str, **credentials: str) -> ECRClient:
        return ECRClient(
            boto3.client("ecr", endpoint_url=url, region_name=region, config=config, **credentials)
        )

    try:
        if endpoint_url is None:
            with embedded_ecr() as url:
                out.write(f"ecr-attrs demo against an embedded ECR (moto) at {url}\n")
                demo = Demo(client_for(url, aws_access_key_id="demo", aws_secret_access_key="demo"), out)
                demo.run()
        else:
            out.write(f"ecr-attrs demo against {endpoint_url}\n")
            demo = Demo(client_for(endpoint_url), out)
            demo.run()
    except ImportError:
        out.write('the embedded endpoint needs moto: pip install "ecr-attrs[demo]"\n')
        return 2
    except EndpointConnectionError as error:
        out.write(f"error: cannot reach the ECR endpoint: {error}\n")
        return 1
    except (BotoCoreError, ClientError) as error:
        out.write(f"error: the ECR endpoint failed: {error}\n")
        return 1
    skipped = f", {len(demo.skipped)} skipped ({', '.join(demo.skipped)})" if demo.skipped else ""
    out.write(f"done: {demo.calls} calls, every request validated and every response structured{skipped}\n")
    return 0
