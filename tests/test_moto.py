"""ECRClient over a real boto3 client against moto's ECR server on 127.0.0.1: requests
built as objects or keywords, every response structured (strictly: a key the models
lack fails), assertions on the structured values."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from samples import instance

import ecr_attrs as ecr
from ecr_attrs import ECRClient, make_converter
from ecr_attrs.demo import embedded_ecr
from ecr_attrs.exceptions import ECRServiceError, RepositoryNotFoundException

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


CALLED: set[str] = set()


@pytest.fixture(scope="module")
def endpoint():
    with embedded_ecr() as url:
        yield url


def raw_client(endpoint: str, **config):
    raw = boto3.client(
        "ecr",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(**config),
    )
    raw.meta.events.register("before-call.ecr", lambda model, **_: CALLED.add(model.name))
    return raw


@pytest.fixture(scope="module")
def client(endpoint):
    # Strict structuring: every key moto sends must be one the models know.
    return ECRClient(raw_client(endpoint), converter=make_converter(forbid_extra_keys=True))


@pytest.fixture(scope="module")
def one_shot(endpoint):
    # No retries of moto's server errors; botocore then adds ResponseMetadata.MaxAttemptsReached,
    # which strict structuring must know as well.
    raw = raw_client(endpoint, retries={"total_max_attempts": 1})
    return ECRClient(raw, converter=make_converter(forbid_extra_keys=True))


def test_a_repository_lifecycle_against_moto(client):
    repo = "team/web"
    created = client.create_repository(
        ecr.CreateRepositoryRequestRequestTypeDef(
            repositoryName=repo,
            tags=[ecr.TagTypeDef(Key="owner", Value="platform")],
            imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=True),
            imageTagMutability="MUTABLE",
        )
    )
    assert created.repository.repositoryName == repo
    assert created.repository.registryId == ACCOUNT
    assert created.repository.imageScanningConfiguration == ecr.ImageScanningConfigurationTypeDef(
        scanOnPush=True
    )
    assert isinstance(created.repository.createdAt, datetime)
    assert created.ResponseMetadata.HTTPStatusCode == 200
    arn = created.repository.repositoryArn

    described = client.describe_repositories(repositoryNames=[repo])
    assert [r.repositoryUri for r in described.repositories] == [created.repository.repositoryUri]
    assert described.nextToken is None
    listed = list(client.get_paginator("describe_repositories").items())
    assert [r.repositoryName for r in listed] == [repo]

    assert client.list_tags_for_resource(resourceArn=arn).tags == (
        ecr.TagTypeDef(Key="owner", Value="platform"),
    )
    assert client.tag_resource(resourceArn=arn, tags=[ecr.TagTypeDef(Key="env", Value="prod")]) is None
    assert client.untag_resource(resourceArn=arn, tagKeys=["owner"]) is None
    assert client.list_tags_for_resource(resourceArn=arn).tags == (ecr.TagTypeDef(Key="env", Value="prod"),)

    mutability = client.put_image_tag_mutability(repositoryName=repo, imageTagMutability="IMMUTABLE")
    assert mutability.imageTagMutability == "IMMUTABLE"
    scanning = client.put_image_scanning_configuration(
        repositoryName=repo,
        imageScanningConfiguration=ecr.ImageScanningConfigurationTypeDef(scanOnPush=False),
    )
    assert scanning.imageScanningConfiguration.scanOnPush is False

    # Layers: the upload flow, then the image manifest that refers to them.
    started = client.initiate_layer_upload(repositoryName=repo)
    assert started.partSize > 0
    part = client.upload_layer_part(
        repositoryName=repo,
        uploadId=started.uploadId,
        partFirstByte=0,
        partLastByte=len(LAYER) - 1,
        layerPartBlob=LAYER,
    )
    assert part.uploadId == started.uploadId
    done = client.complete_layer_upload(
        repositoryName=repo, uploadId=started.uploadId, layerDigests=[digest(LAYER)]
    )
    assert done.layerDigest == digest(LAYER)

    pushed = client.put_image(repositoryName=repo, imageManifest=MANIFEST, imageTag="v1")
    image_digest = pushed.image.imageId.imageDigest
    assert image_digest.startswith("sha256:") and len(image_digest) == 71
    assert pushed.image.imageId.imageTag == "v1"

    listed_ids = client.list_images(
        repositoryName=repo, filter=ecr.ListImagesFilterTypeDef(tagStatus="TAGGED")
    )
    assert listed_ids.imageIds == (ecr.ImageIdentifierTypeDef(imageDigest=image_digest, imageTag="v1"),)

    pages = list(client.get_paginator("describe_images").paginate(repositoryName=repo))
    assert [p.nextToken for p in pages] == [None]
    (detail,) = pages[0].imageDetails
    assert detail.imageTags == ("v1",)
    assert detail.imageDigest == image_digest
    assert detail.imageSizeInBytes > 0
    assert client.describe_images(repositoryName=repo).imageDetails == (detail,)

    got = client.batch_get_image(
        repositoryName=repo,
        imageIds=[ecr.ImageIdentifierTypeDef(imageTag="v1"), ecr.ImageIdentifierTypeDef(imageTag="nope")],
    )
    assert json.loads(got.images[0].imageManifest) == json.loads(MANIFEST)
    assert [f.failureCode for f in got.failures] == ["ImageNotFound"]

    layers = client.batch_check_layer_availability(repositoryName=repo, layerDigests=[digest(LAYER)])
    assert layers.layers[0].layerDigest == digest(LAYER) or layers.failures

    # Scanning, and the waiter botocore defines for it.
    image = ecr.ImageIdentifierTypeDef(imageDigest=image_digest)
    scan = client.start_image_scan(repositoryName=repo, imageId=ecr.ImageIdentifierTypeDef(imageTag="v1"))
    assert scan.imageId.imageDigest == image_digest
    findings = client.get_waiter("image_scan_complete").wait(
        repositoryName=repo, imageId=image, WaiterConfig=ecr.WaiterConfigTypeDef(Delay=0, MaxAttempts=5)
    )
    assert findings.imageScanStatus.status == "COMPLETE"
    assert findings.imageScanFindings.findingSeverityCounts["HIGH"] >= 1
    assert all(
        f.severity in ("HIGH", "CRITICAL", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED")
        for f in findings.imageScanFindings.findings
    )
    paged = list(
        client.get_paginator("describe_image_scan_findings").findings(repositoryName=repo, imageId=image)
    )
    assert paged == list(findings.imageScanFindings.findings)

    # Policies.
    lifecycle = client.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=LIFECYCLE)
    assert json.loads(lifecycle.lifecyclePolicyText) == json.loads(LIFECYCLE)
    assert client.get_lifecycle_policy(repositoryName=repo).repositoryName == repo
    assert client.delete_lifecycle_policy(repositoryName=repo).registryId == ACCOUNT

    policy = client.set_repository_policy(repositoryName=repo, policyText=POLICY)
    assert json.loads(policy.policyText) == json.loads(POLICY)
    assert client.get_repository_policy(repositoryName=repo).repositoryName == repo
    client.delete_repository_policy(ecr.DeleteRepositoryPolicyRequestRequestTypeDef(repositoryName=repo))

    token = client.get_authorization_token()
    assert token.authorizationData[0].proxyEndpoint.startswith("https://")
    assert token.authorizationData[0].authorizationToken not in repr(token)

    removed = client.batch_delete_image(
        repositoryName=repo, imageIds=[ecr.ImageIdentifierTypeDef(imageTag="v1")]
    )
    assert [i.imageDigest for i in removed.imageIds] == [image_digest]
    gone = client.delete_repository(repositoryName=repo, force=True)
    assert gone.repository.repositoryName == repo

    # A real service error, typed, that boto3's own class still catches.
    with pytest.raises(RepositoryNotFoundException) as caught:
        client.describe_images(repositoryName=repo)
    assert isinstance(caught.value, client.raw.exceptions.RepositoryNotFoundException)
    assert caught.value.http_status == 400 and caught.value.request_id
    assert repo in caught.value.message and caught.value.shape.message == caught.value.message


def test_registry_settings_against_moto(client):
    policy = client.put_registry_policy(policyText=REGISTRY_POLICY)
    assert policy.registryId == ACCOUNT
    assert json.loads(client.get_registry_policy().policyText) == json.loads(REGISTRY_POLICY)
    assert client.delete_registry_policy().registryId == ACCOUNT

    rules = [
        ecr.RegistryScanningRuleTypeDef(
            scanFrequency="SCAN_ON_PUSH",
            repositoryFilters=[ecr.ScanningRepositoryFilterTypeDef(filter="prod-*", filterType="WILDCARD")],
        )
    ]
    put = client.put_registry_scanning_configuration(scanType="ENHANCED", rules=rules)
    assert put.registryScanningConfiguration.scanType == "ENHANCED"
    got = client.get_registry_scanning_configuration()
    assert got.scanningConfiguration.rules[0].repositoryFilters[0].filter == "prod-*"

    client.create_repository(repositoryName="prod-api")
    batch = client.batch_get_repository_scanning_configuration(repositoryNames=["prod-api"])
    assert batch.scanningConfigurations[0].repositoryName == "prod-api"

    replication = ecr.ReplicationConfigurationTypeDef(
        rules=[
            ecr.ReplicationRuleTypeDef(
                destinations=[ecr.ReplicationDestinationTypeDef(region="eu-west-1", registryId=ACCOUNT)],
                repositoryFilters=[ecr.RepositoryFilterTypeDef(filter="prod", filterType="PREFIX_MATCH")],
            )
        ]
    )
    put_replication = client.put_replication_configuration(replicationConfiguration=replication)
    assert put_replication.replicationConfiguration.rules[0].destinations[0].region == "eu-west-1"
    registry = client.describe_registry()
    assert registry.registryId == ACCOUNT
    assert registry.replicationConfiguration.rules[0].repositoryFilters[0].filter == "prod"


FACTS = json.loads((Path(__file__).parent.parent / "spec" / "ecr_facts.json").read_text())["operations"]

# Operations moto (5.2.5) answers with a server error; README lists them, the
# Stubber tests cover them.  Most came to the ECR model after the spec.
MOTO_LACKS = [
    "CreatePullThroughCacheRule",
    "CreateRepositoryCreationTemplate",
    "DeletePullThroughCacheRule",
    "DeleteRepositoryCreationTemplate",
    "DeleteSigningConfiguration",
    "DeregisterPullTimeUpdateExclusion",
    "DescribeImageReplicationStatus",
    "DescribeImageSigningStatus",
    "DescribePullThroughCacheRules",
    "DescribeReplicationBackfillResults",
    "DescribeRepositoryCreationTemplates",
    "GetAccountSetting",
    "GetDownloadUrlForLayer",
    "GetLifecyclePolicyPreview",
    "GetSigningConfiguration",
    "ListImageReferrers",
    "ListPullTimeUpdateExclusions",
    "ListReplicationBackfills",
    "PutAccountSetting",
    "PutSigningConfiguration",
    "RegisterPullTimeUpdateExclusion",
    "StartLifecyclePolicyPreview",
    "StartReplicationBackfill",
    "StopReplicationBackfill",
    "UpdateImageStorageClass",
    "UpdatePullThroughCacheRule",
    "UpdateRepositoryCreationTemplate",
    "ValidatePullThroughCacheRule",
]


@pytest.mark.parametrize("operation", MOTO_LACKS)
def test_operations_moto_lacks_still_fail_there(one_shot, operation):
    """If moto gains one, this fails, so the list (and README's) stays honest."""
    request_class = FACTS[operation]["input"]
    method = getattr(one_shot, xform_name(operation))
    with pytest.raises(ECRServiceError) as caught:
        method(instance(getattr(ecr, request_class), full=False)) if request_class else method()
    assert caught.value.http_status == 500
    assert isinstance(caught.value, ClientError) and type(caught.value) is ECRServiceError


def test_the_scenarios_call_every_operation_moto_implements(client):
    """Runs after the scenarios above (pytest keeps file order)."""
    assert sorted(CALLED - set(MOTO_LACKS)) == sorted(set(FACTS) - set(MOTO_LACKS))
    assert len(set(FACTS) - set(MOTO_LACKS)) == 34
