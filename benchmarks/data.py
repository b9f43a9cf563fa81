"""Realistic boto3 payloads from a fixed seed: every contender gets the same dicts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

SEED = 20261128
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL")


class Payloads:
    """Builds each workload's input dict; the same seed gives the same data."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.account = "".join(self.rng.choice("0123456789") for _ in range(12))

    def hex(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def when(self) -> datetime:
        return EPOCH + timedelta(seconds=self.rng.randrange(0, 60 * 86400))

    def repo_name(self) -> str:
        team = self.rng.choice(["payments", "search", "platform", "ml", "web"])
        return f"{team}/{self.rng.choice(['api', 'worker', 'frontend', 'batch'])}-{self.rng.randrange(100)}"

    def repository(self) -> dict[str, Any]:
        name = self.repo_name()
        region = self.rng.choice(REGIONS)
        return {
            "repositoryArn": f"arn:aws:ecr:{region}:{self.account}:repository/{name}",
            "registryId": self.account,
            "repositoryName": name,
            "repositoryUri": f"{self.account}.dkr.ecr.{region}.amazonaws.com/{name}",
            "createdAt": self.when(),
            "imageTagMutability": self.rng.choice(["MUTABLE", "IMMUTABLE"]),
            "imageScanningConfiguration": {"scanOnPush": self.rng.random() < 0.5},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        }

    def image(self) -> dict[str, Any]:
        pushed = self.when()
        tags = [f"v{self.rng.randrange(5)}.{self.rng.randrange(20)}.{self.rng.randrange(50)}"]
        if self.rng.random() < 0.3:
            tags.append("latest")
        return {
            "registryId": self.account,
            "repositoryName": self.repo_name(),
            "imageDigest": "sha256:" + self.hex(64),
            "imageTags": tags,
            "imageSizeInBytes": self.rng.randrange(5_000_000, 900_000_000),
            "imagePushedAt": pushed,
            "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
            "imageScanFindingsSummary": {
                "imageScanCompletedAt": pushed + timedelta(minutes=2),
                "vulnerabilitySourceUpdatedAt": pushed - timedelta(hours=5),
                "findingSeverityCounts": {
                    s: self.rng.randrange(1, 30) for s in self.rng.sample(SEVERITIES, 3)
                },
            },
            "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "artifactMediaType": "application/vnd.docker.container.image.v1+json",
            "lastRecordedPullTime": pushed + timedelta(days=3),
        }

    def enhanced_finding(self) -> dict[str, Any]:
        cve = f"CVE-20{self.rng.randrange(15, 26)}-{self.rng.randrange(1000, 99999)}"
        score = round(self.rng.uniform(1, 10), 1)
        vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        observed = self.when()
        return {
            "awsAccountId": self.account,
            "description": f"A flaw in a parser allows remote attackers to cause a denial of service ({cve}).",
            "findingArn": f"arn:aws:inspector2:us-east-1:{self.account}:finding/{self.hex(32)}",
            "firstObservedAt": observed,
            "lastObservedAt": observed + timedelta(days=1),
            "packageVulnerabilityDetails": {
                "cvss": [{"baseScore": score, "scoringVector": vector, "source": "NVD", "version": "3.1"}],
                "referenceUrls": [f"https://nvd.nist.gov/vuln/detail/{cve}"],
                "relatedVulnerabilities": [],
                "source": "NVD",
                "sourceUrl": f"https://nvd.nist.gov/vuln/detail/{cve}",
                "vendorCreatedAt": observed - timedelta(days=30),
                "vendorSeverity": self.rng.choice(SEVERITIES),
                "vendorUpdatedAt": observed - timedelta(days=2),
                "vulnerabilityId": cve,
                "vulnerablePackages": [
                    {
                        "arch": "X86_64",
                        "epoch": 0,
                        "filePath": "usr/lib/libexample.so",
                        "name": self.rng.choice(["openssl", "zlib", "glibc", "curl"]),
                        "packageManager": "OS",
                        "release": f"{self.rng.randrange(1, 9)}.el9",
                        "sourceLayerHash": "sha256:" + self.hex(64),
                        "version": f"1.{self.rng.randrange(10)}.{self.rng.randrange(30)}",
                    }
                ],
            },
            "remediation": {
                "recommendation": {"text": "Upgrade the package.", "url": "https://example.com/advisory"}
            },
            "resources": [
                {
                    "details": {
                        "awsEcrContainerImage": {
                            "architecture": "amd64",
                            "imageHash": "sha256:" + self.hex(64),
                            "imageTags": ["v1.2.3"],
                            "platform": "LINUX",
                            "pushedAt": observed - timedelta(hours=1),
                            "registry": self.account,
                            "repositoryName": "payments/api",
                        }
                    },
                    "id": f"arn:aws:ecr:us-east-1:{self.account}:repository/payments/api/sha256:{self.hex(64)}",
                    "tags": {},
                    "type": "AWS_ECR_CONTAINER_IMAGE",
                }
            ],
            "score": score,
            "scoreDetails": {
                "cvss": {
                    "adjustments": [],
                    "score": score,
                    "scoreSource": "NVD",
                    "scoringVector": vector,
                    "version": "3.1",
                }
            },
            "severity": self.rng.choice(SEVERITIES),
            "status": "ACTIVE",
            "title": f"{cve} - openssl",
            "type": "PACKAGE_VULNERABILITY",
            "updatedAt": observed + timedelta(days=1),
        }

    def response_metadata(self) -> dict[str, Any]:
        """What boto3 adds to every response (the baseline requires it)."""
        request_id = f"{self.hex(8)}-{self.hex(4)}-{self.hex(4)}-{self.hex(4)}-{self.hex(12)}"
        return {
            "RequestId": request_id,
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"x-amzn-requestid": request_id, "content-type": "application/x-amz-json-1.1"},
            "RetryAttempts": 0,
        }

    def describe_images(self, count: int) -> dict[str, Any]:
        return {
            "imageDetails": [self.image() for _ in range(count)],
            "nextToken": "eyJ0b2tlbiI6IDF9",
            "ResponseMetadata": self.response_metadata(),
        }

    def describe_repositories(self, count: int) -> dict[str, Any]:
        return {
            "repositories": [self.repository() for _ in range(count)],
            "nextToken": "eyJ0b2tlbiI6IDF9",
            "ResponseMetadata": self.response_metadata(),
        }

    def create_repository(self) -> dict[str, Any]:
        return {"repository": self.repository(), "ResponseMetadata": self.response_metadata()}

    def scan_findings(self, count: int) -> dict[str, Any]:
        return {
            "registryId": self.account,
            "repositoryName": "payments/api",
            "imageId": {"imageDigest": "sha256:" + self.hex(64), "imageTag": "v1.2.3"},
            "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
            "imageScanFindings": {
                "imageScanCompletedAt": self.when(),
                "vulnerabilitySourceUpdatedAt": self.when(),
                "findingSeverityCounts": {"HIGH": count // 3, "MEDIUM": count - count // 3},
                "enhancedFindings": [self.enhanced_finding() for _ in range(count)],
            },
            "nextToken": "eyJ0b2tlbiI6IDF9",
            "ResponseMetadata": self.response_metadata(),
        }

    def create_repository_request(self) -> dict[str, Any]:
        return {
            "repositoryName": self.repo_name(),
            "tags": [{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "prod"}],
            "imageTagMutability": "IMMUTABLE",
            "imageScanningConfiguration": {"scanOnPush": True},
            "encryptionConfiguration": {
                "encryptionType": "KMS",
                "kmsKey": f"arn:aws:kms:us-east-1:{self.account}:key/{self.hex(8)}",
            },
        }

    def put_image_request(self) -> dict[str, Any]:
        manifest = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}'
        return {
            "repositoryName": self.repo_name(),
            "imageManifest": manifest,
            "imageTag": "v1.2.3",
            "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
        }


def workloads(quick: bool) -> list[tuple[str, str, str, Any]]:
    """(key, title, class name, payload) of each response workload, UTC datetimes."""
    data = Payloads()
    small = quick
    return [
        ("create", "CreateRepositoryResponse", "CreateRepositoryResponseTypeDef", data.create_repository()),
        (
            "images",
            f"DescribeImagesResponse, {10 if small else 100} images",
            "DescribeImagesResponseTypeDef",
            data.describe_images(10 if small else 100),
        ),
        (
            "images-large",
            f"DescribeImagesResponse, {20 if small else 1000} images",
            "DescribeImagesResponseTypeDef",
            data.describe_images(20 if small else 1000),
        ),
        (
            "findings",
            f"DescribeImageScanFindingsResponse, {10 if small else 500} enhanced findings",
            "DescribeImageScanFindingsResponseTypeDef",
            data.scan_findings(10 if small else 500),
        ),
        (
            "repositories",
            f"DescribeRepositoriesResponse, {20 if small else 1000} repositories",
            "DescribeRepositoriesResponseTypeDef",
            data.describe_repositories(20 if small else 1000),
        ),
    ]


def request_workloads() -> list[tuple[str, str, Any]]:
    """(title, class name, payload) of each request the benchmark unstructures."""
    data = Payloads()
    return [
        (
            "CreateRepositoryRequest object",
            "CreateRepositoryRequestRequestTypeDef",
            data.create_repository_request(),
        ),
        ("PutImageRequest object", "PutImageRequestRequestTypeDef", data.put_image_request()),
    ]


# What ECR's answer to each workload is called in botocore's service model.
OPERATIONS = {
    "CreateRepositoryResponseTypeDef": "CreateRepository",
    "DescribeImagesResponseTypeDef": "DescribeImages",
    "DescribeImageScanFindingsResponseTypeDef": "DescribeImageScanFindings",
    "DescribeRepositoriesResponseTypeDef": "DescribeRepositories",
}
# Non-ASCII text, and an ASCII twin of the same length in code points.
NON_ASCII = str.maketrans(
    {"é": "e", "è": "e", "à": "a", "ç": "c", "–": "-", "ü": "u", "ô": "o", "ê": "e", "â": "a", "î": "i"}
)


def body_of(payload: dict[str, Any]) -> bytes:
    """The HTTP body ECR sends for a response: JSON, timestamps as epoch seconds, no ResponseMetadata."""
    import json

    def default(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.timestamp()
        raise TypeError(type(value).__name__)

    content = {k: v for k, v in payload.items() if k != "ResponseMetadata"}
    return json.dumps(content, default=default).encode("utf-8")


def as_botocore_parses(payload: dict[str, Any], cls: str) -> dict[str, Any]:
    """``payload`` as a boto3 client returns it: botocore's own JSON parser reads the body.

    So every timestamp is ``datetime.fromtimestamp(x, tzlocal())`` with a new
    ``tzlocal()`` each, and the keys are the model's strings, not literals of
    this file.  ``RetryAttempts`` is what botocore's endpoint adds after parsing.
    """
    import botocore.parsers
    import botocore.session

    model = botocore.session.get_session().get_service_model("ecr")
    shape = model.operation_model(OPERATIONS[cls]).output_shape
    request_id = payload.get("ResponseMetadata", {}).get("RequestId", "00000000-0000-0000-0000-000000000000")
    response = {
        "status_code": 200,
        "headers": {"x-amzn-requestid": request_id, "content-type": "application/x-amz-json-1.1"},
        "body": body_of(payload),
    }
    parsed = botocore.parsers.create_parser("json").parse(response, shape)
    parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return parsed  # type: ignore[no-any-return]


def non_ascii_findings(count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Enhanced findings with French descriptions and titles, and the same findings in ASCII."""
    data = Payloads()
    payload = data.scan_findings(count)
    twin = Payloads().scan_findings(count)
    for finding, ascii_finding in zip(
        payload["imageScanFindings"]["enhancedFindings"],
        twin["imageScanFindings"]["enhancedFindings"],
        strict=True,
    ):
        cve = finding["packageVulnerabilityDetails"]["vulnerabilityId"]
        finding["description"] = (
            f"Une faille dans l'analyseur permet à un attaquant distant de provoquer un déni de service ({cve}) "
            "en envoyant un en-tête mal formé ; la mémoire allouée n'est pas libérée après l'échec."
        )
        finding["title"] = f"{cve} – openssl : dépassement de tampon à la réception"
        finding["remediation"]["recommendation"]["text"] = "Mettez à jour le paquet vers la version corrigée."
        for key in ("description", "title"):
            ascii_finding[key] = finding[key].translate(NON_ASCII)
        ascii_finding["remediation"]["recommendation"]["text"] = finding["remediation"]["recommendation"][
            "text"
        ].translate(NON_ASCII)
        assert ascii_finding["description"].isascii() and ascii_finding["title"].isascii()
    return payload, twin


def cli_json(payload: dict[str, Any]) -> bytes:
    """``payload`` as ``aws ecr ... --output json`` prints it: ISO 8601 timestamps."""
    import json

    def default(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(payload, default=default).encode("utf-8")
