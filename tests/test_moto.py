"""A real boto3 client against moto's ECR server on 127.0.0.1: requests built as
objects, every response structured, assertions on the structured values."""

from __future__ import annotations

import hashlib
import json
import socket
from datetime import datetime

import boto3
import pytest
from moto.server import ThreadedMotoServer

import ecr_attrs as ecr
from ecr_attrs import make_converter, structure, unstructure

ACCOUNT = "123456789012"  # moto's default account
LAYER = b"layer content: not a real tarball, but bytes all the same"
CONFIG = json.dumps(
    {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}
).encode()


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": len(CONFIG),
            "digest": digest(CONFIG),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": len(LAYER),
                "digest": digest(LAYER),
            }
        ],
    },
    indent=3,
)

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "pull",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            }
        ],
    }
)

REGISTRY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "replicate",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                "Resource": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/*",
            }
        ],
    }
)

LIFECYCLE = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "keep ten",
                "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 10},
                "action": {"type": "expire"},
            }
        ]
    }
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def client():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield boto3.client(
            "ecr",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    finally:
        server.stop()


# Strict structuring: every key moto sends must be one the models know.
strict = make_converter(forbid_extra_keys=True)


def call(client, request, response_cls, operation=None):
    """Send ``request`` (an object) through boto3 and structure the answer."""
    name = operation or _operation(type(request))
    raw = getattr(client, name)(**unstructure(request))
    raw.pop("ResponseMetadata")
    return strict.structure(raw, response_cls)


def _operation(cls: type) -> str:
    from botocore import xform_name

    return xform_name(cls.__name__.removesuffix("RequestRequestTypeDef"))


def test_a_repository_lifecycle_against_moto(client):
    repo = "team/web"
    created = call(
        client,
        ecr.CreateRepositoryRequestRequestTypeDef(
            repositoryName=repo,
            tags=[ecr.TagTypeDef(Key="owner", Value="platform")],
            imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=True),
            imageTagMutability="MUTABLE",
        ),
        ecr.CreateRepositoryResponseTypeDef,
    )
    assert created.repository.repositoryName == repo
    assert created.repository.registryId == ACCOUNT
    assert created.repository.imageScanningConfiguration == ecr.ImageScanningConfigurationTypeDef(
        scanOnPush=True
    )
    assert isinstance(created.repository.createdAt, datetime)
    arn = created.repository.repositoryArn

    described = call(
        client,
        ecr.DescribeRepositoriesRequestRequestTypeDef(repositoryNames=[repo]),
        ecr.DescribeRepositoriesResponseTypeDef,
    )
    assert [r.repositoryUri for r in described.repositories] == [created.repository.repositoryUri]
    assert described.nextToken is None

    tags = call(
        client,
        ecr.ListTagsForResourceRequestRequestTypeDef(resourceArn=arn),
        ecr.ListTagsForResourceResponseTypeDef,
    )
    assert tags.tags == (ecr.TagTypeDef(Key="owner", Value="platform"),)
    client.tag_resource(
        **unstructure(
            ecr.TagResourceRequestRequestTypeDef(
                resourceArn=arn, tags=[ecr.TagTypeDef(Key="env", Value="prod")]
            )
        )
    )
    client.untag_resource(
        **unstructure(ecr.UntagResourceRequestRequestTypeDef(resourceArn=arn, tagKeys=["owner"]))
    )
    tags = call(
        client,
        ecr.ListTagsForResourceRequestRequestTypeDef(resourceArn=arn),
        ecr.ListTagsForResourceResponseTypeDef,
    )
    assert tags.tags == (ecr.TagTypeDef(Key="env", Value="prod"),)

    mutability = call(
        client,
        ecr.PutImageTagMutabilityRequestRequestTypeDef(repositoryName=repo, imageTagMutability="IMMUTABLE"),
        ecr.PutImageTagMutabilityResponseTypeDef,
    )
    assert mutability.imageTagMutability == "IMMUTABLE"
    scanning = call(
        client,
        ecr.PutImageScanningConfigurationRequestRequestTypeDef(
            repositoryName=repo,
            imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=False),
        ),
        ecr.PutImageScanningConfigurationResponseTypeDef,
    )
    assert scanning.imageScanningConfiguration.scanOnPush is False

    # Layers: the upload flow, then the image manifest that refers to them.
    started = call(
        client,
        ecr.InitiateLayerUploadRequestRequestTypeDef(repositoryName=repo),
        ecr.InitiateLayerUploadResponseTypeDef,
    )
    assert started.partSize > 0
    part = call(
        client,
        ecr.UploadLayerPartRequestRequestTypeDef(
            repositoryName=repo,
            uploadId=started.uploadId,
            partFirstByte=0,
            partLastByte=len(LAYER) - 1,
            layerPartBlob=LAYER,
        ),
        ecr.UploadLayerPartResponseTypeDef,
    )
    assert part.uploadId == started.uploadId
    done = call(
        client,
        ecr.CompleteLayerUploadRequestRequestTypeDef(
            repositoryName=repo, uploadId=started.uploadId, layerDigests=[digest(LAYER)]
        ),
        ecr.CompleteLayerUploadResponseTypeDef,
    )
    assert done.layerDigest == digest(LAYER)

    pushed = call(
        client,
        ecr.PutImageRequestRequestTypeDef(repositoryName=repo, imageManifest=MANIFEST, imageTag="v1"),
        ecr.PutImageResponseTypeDef,
    )
    image_digest = pushed.image.imageId.imageDigest
    assert image_digest.startswith("sha256:") and len(image_digest) == 71
    assert pushed.image.imageId.imageTag == "v1"

    listed = call(
        client,
        ecr.ListImagesRequestRequestTypeDef(
            repositoryName=repo, filter=ecr.ListImagesFilterTypeDef(tagStatus="TAGGED")
        ),
        ecr.ListImagesResponseTypeDef,
    )
    assert listed.imageIds == (ecr.ImageIdentifierTypeDef(imageDigest=image_digest, imageTag="v1"),)

    details = call(
        client,
        ecr.DescribeImagesRequestRequestTypeDef(repositoryName=repo),
        ecr.DescribeImagesResponseTypeDef,
    )
    (detail,) = details.imageDetails
    assert detail.imageTags == ("v1",)
    assert detail.imageDigest == image_digest
    assert detail.imageSizeInBytes > 0

    got = call(
        client,
        ecr.BatchGetImageRequestRequestTypeDef(
            repositoryName=repo,
            imageIds=[ecr.ImageIdentifierTypeDef(imageTag="v1"), ecr.ImageIdentifierTypeDef(imageTag="nope")],
        ),
        ecr.BatchGetImageResponseTypeDef,
    )
    assert json.loads(got.images[0].imageManifest) == json.loads(MANIFEST)
    assert [f.failureCode for f in got.failures] == ["ImageNotFound"]

    layers = call(
        client,
        ecr.BatchCheckLayerAvailabilityRequestRequestTypeDef(
            repositoryName=repo, layerDigests=[digest(LAYER)]
        ),
        ecr.BatchCheckLayerAvailabilityResponseTypeDef,
    )
    assert layers.layers[0].layerDigest == digest(LAYER) or layers.failures

    # Scanning.
    scan = call(
        client,
        ecr.StartImageScanRequestRequestTypeDef(
            repositoryName=repo, imageId=ecr.ImageIdentifierTypeDef(imageTag="v1")
        ),
        ecr.StartImageScanResponseTypeDef,
    )
    assert scan.imageId.imageDigest == image_digest
    findings = call(
        client,
        ecr.DescribeImageScanFindingsRequestRequestTypeDef(
            repositoryName=repo, imageId=ecr.ImageIdentifierTypeDef(imageDigest=image_digest)
        ),
        ecr.DescribeImageScanFindingsResponseTypeDef,
    )
    assert findings.imageScanStatus.status == "COMPLETE"
    assert findings.imageScanFindings.findingSeverityCounts["HIGH"] >= 1
    assert all(
        f.severity in ("HIGH", "CRITICAL", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED")
        for f in findings.imageScanFindings.findings
    )

    # Policies.
    lifecycle = call(
        client,
        ecr.PutLifecyclePolicyRequestRequestTypeDef(repositoryName=repo, lifecyclePolicyText=LIFECYCLE),
        ecr.PutLifecyclePolicyResponseTypeDef,
    )
    assert json.loads(lifecycle.lifecyclePolicyText) == json.loads(LIFECYCLE)
    read = call(
        client,
        ecr.GetLifecyclePolicyRequestRequestTypeDef(repositoryName=repo),
        ecr.GetLifecyclePolicyResponseTypeDef,
    )
    assert read.repositoryName == repo
    deleted = call(
        client,
        ecr.DeleteLifecyclePolicyRequestRequestTypeDef(repositoryName=repo),
        ecr.DeleteLifecyclePolicyResponseTypeDef,
    )
    assert deleted.registryId == ACCOUNT

    policy = call(
        client,
        ecr.SetRepositoryPolicyRequestRequestTypeDef(repositoryName=repo, policyText=POLICY),
        ecr.SetRepositoryPolicyResponseTypeDef,
    )
    assert json.loads(policy.policyText) == json.loads(POLICY)
    assert (
        call(
            client,
            ecr.GetRepositoryPolicyRequestRequestTypeDef(repositoryName=repo),
            ecr.GetRepositoryPolicyResponseTypeDef,
        ).repositoryName
        == repo
    )
    call(
        client,
        ecr.DeleteRepositoryPolicyRequestRequestTypeDef(repositoryName=repo),
        ecr.DeleteRepositoryPolicyResponseTypeDef,
    )

    token = call(
        client, ecr.GetAuthorizationTokenRequestRequestTypeDef(), ecr.GetAuthorizationTokenResponseTypeDef
    )
    assert token.authorizationData[0].proxyEndpoint.startswith("https://")
    assert token.authorizationData[0].authorizationToken not in repr(token)

    removed = call(
        client,
        ecr.BatchDeleteImageRequestRequestTypeDef(
            repositoryName=repo, imageIds=[ecr.ImageIdentifierTypeDef(imageTag="v1")]
        ),
        ecr.BatchDeleteImageResponseTypeDef,
    )
    assert [i.imageDigest for i in removed.imageIds] == [image_digest]
    gone = call(
        client,
        ecr.DeleteRepositoryRequestRequestTypeDef(repositoryName=repo, force=True),
        ecr.DeleteRepositoryResponseTypeDef,
    )
    assert gone.repository.repositoryName == repo


def test_registry_settings_against_moto(client):
    policy = call(
        client,
        ecr.PutRegistryPolicyRequestRequestTypeDef(policyText=REGISTRY_POLICY),
        ecr.PutRegistryPolicyResponseTypeDef,
    )
    assert policy.registryId == ACCOUNT
    raw = client.get_registry_policy()
    assert json.loads(structure(raw, ecr.GetRegistryPolicyResponseTypeDef).policyText) == json.loads(
        REGISTRY_POLICY
    )
    assert (
        structure(client.delete_registry_policy(), ecr.DeleteRegistryPolicyResponseTypeDef).registryId
        == ACCOUNT
    )

    rules = [
        ecr.RegistryScanningRuleTypeDef(
            scanFrequency="SCAN_ON_PUSH",
            repositoryFilters=[ecr.ScanningRepositoryFilterTypeDef(filter="prod-*", filterType="WILDCARD")],
        )
    ]
    put = call(
        client,
        ecr.PutRegistryScanningConfigurationRequestRequestTypeDef(scanType="ENHANCED", rules=rules),
        ecr.PutRegistryScanningConfigurationResponseTypeDef,
    )
    assert put.registryScanningConfiguration.scanType == "ENHANCED"
    got = structure(
        client.get_registry_scanning_configuration(), ecr.GetRegistryScanningConfigurationResponseTypeDef
    )
    assert got.scanningConfiguration.rules[0].repositoryFilters[0].filter == "prod-*"

    client.create_repository(
        **unstructure(ecr.CreateRepositoryRequestRequestTypeDef(repositoryName="prod-api"))
    )
    batch = call(
        client,
        ecr.BatchGetRepositoryScanningConfigurationRequestRequestTypeDef(repositoryNames=["prod-api"]),
        ecr.BatchGetRepositoryScanningConfigurationResponseTypeDef,
    )
    assert batch.scanningConfigurations[0].repositoryName == "prod-api"

    replication = ecr.ReplicationConfigurationTypeDef(
        rules=[
            ecr.ReplicationRuleTypeDef(
                destinations=[ecr.ReplicationDestinationTypeDef(region="eu-west-1", registryId=ACCOUNT)],
                repositoryFilters=[ecr.RepositoryFilterTypeDef(filter="prod", filterType="PREFIX_MATCH")],
            )
        ]
    )
    put_replication = call(
        client,
        ecr.PutReplicationConfigurationRequestRequestTypeDef(replicationConfiguration=replication),
        ecr.PutReplicationConfigurationResponseTypeDef,
    )
    assert put_replication.replicationConfiguration.rules[0].destinations[0].region == "eu-west-1"
    registry = structure(client.describe_registry(), ecr.DescribeRegistryResponseTypeDef)
    assert registry.registryId == ACCOUNT
    assert registry.replicationConfiguration.rules[0].repositoryFilters[0].filter == "prod"


MOTO_LACKS = [
    (
        "get_download_url_for_layer",
        ecr.GetDownloadUrlForLayerRequestRequestTypeDef(repositoryName="prod-api", layerDigest=digest(LAYER)),
    ),
    (
        "start_lifecycle_policy_preview",
        ecr.StartLifecyclePolicyPreviewRequestRequestTypeDef(repositoryName="prod-api"),
    ),
    (
        "get_lifecycle_policy_preview",
        ecr.GetLifecyclePolicyPreviewRequestRequestTypeDef(repositoryName="prod-api"),
    ),
    (
        "create_pull_through_cache_rule",
        ecr.CreatePullThroughCacheRuleRequestRequestTypeDef(
            ecrRepositoryPrefix="docker-hub", upstreamRegistryUrl="registry-1.docker.io"
        ),
    ),
    ("describe_pull_through_cache_rules", ecr.DescribePullThroughCacheRulesRequestRequestTypeDef()),
]


@pytest.mark.parametrize(("operation", "request_obj"), MOTO_LACKS, ids=[m[0] for m in MOTO_LACKS])
def test_operations_moto_lacks_are_still_accepted_by_botocore(client, operation, request_obj):
    """README lists these; the Stubber tests cover their responses.  If moto gains
    one, this test fails so the README list is kept honest."""
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as caught:
        getattr(client, operation)(**unstructure(request_obj))
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
