"""``ecr-attrs demo``: a realistic ECR workflow, every request built as an object
and every response structured, against an embedded moto server by default.

Needs boto3 (and moto[server] for the embedded endpoint): the ``demo`` extra.
"""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, TypeVar

from ecr_attrs import models as ecr
from ecr_attrs.converters import structure, unstructure

T = TypeVar("T")

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
    """Runs the steps, printing one readable line (or a short block) per step."""

    def __init__(self, client: Any, out: TextIO) -> None:
        self.client = client
        self.out = out
        self.steps = 0
        self.skipped: list[str] = []

    def say(self, text: str) -> None:
        self.out.write(text + "\n")

    def call(self, request: Any, response_cls: type[T], operation: str) -> T:
        """Send a request object through boto3 and structure what comes back."""
        self.steps += 1
        raw = getattr(self.client, operation)(**(unstructure(request) if request is not None else {}))
        return structure(raw, response_cls)

    def optional_step(self, name: str, step: Callable[[], None]) -> None:
        """A step some endpoints (moto among them) do not implement."""
        from botocore.exceptions import ClientError

        try:
            step()
        except (ClientError, NotImplementedError) as error:
            self.skipped.append(name)
            self.say(f"- {name}: skipped, the endpoint does not support it ({type(error).__name__})")

    def run(self) -> None:
        created = self.call(
            ecr.CreateRepositoryRequestRequestTypeDef(
                repositoryName=REPOSITORY,
                tags=[ecr.TagTypeDef(Key="team", Value="platform"), ecr.TagTypeDef(Key="env", Value="demo")],
                imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=True),
                imageTagMutability="IMMUTABLE",
            ),
            ecr.CreateRepositoryResponseTypeDef,
            "create_repository",
        )
        repo = created.repository
        assert repo is not None
        account = repo.registryId or "000000000000"
        self.say(
            f"- created repository {repo.repositoryName} at {repo.repositoryUri} (scan on push: "
            f"{repo.imageScanningConfiguration.scanOnPush if repo.imageScanningConfiguration else None})"
        )

        pushed = self.call(
            ecr.PutImageRequestRequestTypeDef(
                repositoryName=REPOSITORY,
                imageManifest=manifest(),
                imageTag="v1.0.0",
                imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
            ),
            ecr.PutImageResponseTypeDef,
            "put_image",
        )
        image_id = pushed.image.imageId if pushed.image else None
        digest = image_id.imageDigest if image_id else None
        self.say(f"- pushed image v1.0.0 as {digest}")

        listed = self.call(
            ecr.ListImagesRequestRequestTypeDef(repositoryName=REPOSITORY),
            ecr.ListImagesResponseTypeDef,
            "list_images",
        )
        self.say(
            f"- listed {len(listed.imageIds)} image(s): "
            + ", ".join(i.imageTag or "<untagged>" for i in listed.imageIds)
        )
        described = self.call(
            ecr.DescribeImagesRequestRequestTypeDef(repositoryName=REPOSITORY),
            ecr.DescribeImagesResponseTypeDef,
            "describe_images",
        )
        for detail in described.imageDetails:
            when = f"{detail.imagePushedAt:%Y-%m-%d %H:%M:%S %Z}" if detail.imagePushedAt else "unknown"
            self.say(
                f"  {detail.imageDigest} tags={list(detail.imageTags or ())} size={detail.imageSizeInBytes} "
                f"pushed={when}"
            )

        self.call(
            ecr.StartImageScanRequestRequestTypeDef(
                repositoryName=REPOSITORY, imageId=ecr.ImageIdentifierTypeDef(imageTag="v1.0.0")
            ),
            ecr.StartImageScanResponseTypeDef,
            "start_image_scan",
        )
        findings = self.call(
            ecr.DescribeImageScanFindingsRequestRequestTypeDef(
                repositoryName=REPOSITORY, imageId=ecr.ImageIdentifierTypeDef(imageTag="v1.0.0")
            ),
            ecr.DescribeImageScanFindingsResponseTypeDef,
            "describe_image_scan_findings",
        )
        counts = (
            dict(findings.imageScanFindings.findingSeverityCounts or {}) if findings.imageScanFindings else {}
        )
        self.say(
            f"- scan {findings.imageScanStatus.status}: "
            + (", ".join(f"{n} {s}" for s, n in counts.items()) or "no findings")
        )
        for finding in (findings.imageScanFindings.findings or ()) if findings.imageScanFindings else ():
            self.say(f"  {finding.severity} {finding.name}: {finding.description or ''}"[:100])

        policy = self.call(
            ecr.PutLifecyclePolicyRequestRequestTypeDef(
                repositoryName=REPOSITORY, lifecyclePolicyText=json.dumps(LIFECYCLE)
            ),
            ecr.PutLifecyclePolicyResponseTypeDef,
            "put_lifecycle_policy",
        )
        rules = json.loads(policy.lifecyclePolicyText)["rules"]
        self.say(f"- lifecycle policy set: {len(rules)} rule(s), first: {rules[0]['description']}")
        self.optional_step("lifecycle policy preview", self.preview)

        self.call(
            ecr.SetRepositoryPolicyRequestRequestTypeDef(
                repositoryName=REPOSITORY, policyText=repository_policy(account)
            ),
            ecr.SetRepositoryPolicyResponseTypeDef,
            "set_repository_policy",
        )
        read = self.call(
            ecr.GetRepositoryPolicyRequestRequestTypeDef(repositoryName=REPOSITORY),
            ecr.GetRepositoryPolicyResponseTypeDef,
            "get_repository_policy",
        )
        statement = json.loads(read.policyText or "{}").get("Statement", [{}])[0]
        self.say(
            f"- repository policy: {statement.get('Sid')} allows {', '.join(statement.get('Action', []))}"
        )

        token = self.call(
            ecr.GetAuthorizationTokenRequestRequestTypeDef(),
            ecr.GetAuthorizationTokenResponseTypeDef,
            "get_authorization_token",
        )
        data = token.authorizationData[0]
        self.say(f"- authorization token for {data.proxyEndpoint} (the token stays masked):")
        self.say(f"  {data!r}")

    def preview(self) -> None:
        self.call(
            ecr.StartLifecyclePolicyPreviewRequestRequestTypeDef(repositoryName=REPOSITORY),
            ecr.StartLifecyclePolicyPreviewResponseTypeDef,
            "start_lifecycle_policy_preview",
        )
        result = self.call(
            ecr.GetLifecyclePolicyPreviewRequestRequestTypeDef(repositoryName=REPOSITORY),
            ecr.GetLifecyclePolicyPreviewResponseTypeDef,
            "get_lifecycle_policy_preview",
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


def run_demo(*, endpoint_url: str | None, region: str, out: TextIO) -> int:
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
    except ImportError:
        out.write('the demo needs boto3 and moto: pip install "ecr-attrs[demo]"\n')
        return 2
    config = Config(connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 1})

    def client_for(url: str, **credentials: str) -> Any:
        return boto3.client("ecr", endpoint_url=url, region_name=region, config=config, **credentials)

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
    out.write(
        f"done: {demo.steps} calls, every request built as an object and every response structured{skipped}\n"
    )
    return 0
