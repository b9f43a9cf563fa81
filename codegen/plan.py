"""``python -m codegen plan``: the whole plan of any installed botocore service, nothing written.

The plan is everything ``python -m codegen`` would write for the service:
the catalogue of classes, every class's fields and rules, the client with its
paginators and waiters, the typed errors.  Building it for every service
botocore ships is how the generator proves it depends on no one service.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

from codegen.client import FLAVOURS, ClientPlanner
from codegen.extract import Catalogue, alias_facts, load_model, operation_facts, paginator_facts, waiter_facts
from codegen.model import all_classes
from codegen.render import Planner, header, render_class, render_facade, render_shared
from codegen.service import ServiceConfig, derived_config, load_service, shipped_services
from codegen.spec import SpecClass, parse_spec


@attrs.frozen
class PlanCounts:
    """What one service's plan holds."""

    service: str
    classes: int
    fields: int
    operations: int
    paginators: int
    waiters: int
    errors: int
    left_out: tuple[str, ...]
    """``Shape.member`` of every streaming or event-stream member, which no class holds."""

    def line(self) -> str:
        text = (
            f"{self.service}: {self.classes} classes, {self.fields} fields, {self.operations} operations, "
            f"{self.paginators} paginators, {self.waiters} waiters, {self.errors} errors"
        )
        if self.left_out:
            text += f"; left out (streaming or event stream): {', '.join(self.left_out)}"
        return text


def facts_of(service: ServiceConfig) -> dict[str, Any]:
    """A service's facts, extracted from the installed botocore in memory."""
    import botocore

    model, paginators, waiters = load_model(service.botocore_name)
    catalogue = Catalogue(model, paginators, waiters, seeds_of(service))
    catalogue.build()
    return {
        "source": {"botocore": botocore.__version__, "apiVersion": model["metadata"]["apiVersion"]},
        "classes": catalogue.classes,
        "operations": operation_facts(catalogue),
        "paginators": paginator_facts(paginators),
        "waiters": waiter_facts(waiters),
        "aliases": alias_facts(catalogue),
        "left_out": catalogue.left_out,
    }


def config_for(botocore_name: str, model: dict[str, Any] | None = None) -> ServiceConfig:
    """The shipped config of a service, or one derived from its model's metadata."""
    for name in shipped_services():
        service = load_service(name)
        if service.botocore_name == botocore_name:
            return service
    if model is None:
        model = load_model(botocore_name)[0]
    return derived_config(botocore_name, model["metadata"].get("serviceId", botocore_name))


def seeds_of(service: ServiceConfig) -> list[SpecClass]:
    return parse_spec(service.seed_spec) if service.seed_spec else []


def plan_service(botocore_name: str, service: ServiceConfig | None = None) -> PlanCounts:
    """Build (and render, in memory) every module of the service; raise on what the engine cannot do."""
    service = service or config_for(botocore_name)
    facts = facts_of(service)
    planner = Planner(all_classes(seeds_of(service), facts), facts, service=service)
    plans = planner.plan()
    head = header(None, None, facts, service.label)
    for plan in plans:
        render_class(planner, plan, head)
    render_shared(planner, head)
    render_facade(planner, plans, head, facts)
    client = ClientPlanner(planner, facts)
    client.kwargs_module(head)
    client.exceptions_module(head)
    for flavour in FLAVOURS.values():
        client.client_module(head, flavour)
    return PlanCounts(
        service=botocore_name,
        classes=len(plans),
        fields=sum(len(p.fields) for p in plans),
        operations=len(facts["operations"]),
        paginators=len(facts["paginators"]),
        waiters=len(facts["waiters"]),
        errors=len(client.errors),
        left_out=tuple(facts["left_out"]),
    )


def installed_services() -> list[str]:
    import botocore.session

    return sorted(botocore.session.get_session().get_available_services())


def plan_many(names: list[str], out: Any) -> int:
    """Plan each service, print its counts or its failure; the number of failures."""
    failures: list[tuple[str, str]] = []
    started = time.perf_counter()
    for name in names:
        try:
            counts = plan_service(name)
        except Exception as error:  # every failure is reported with its reason, then the next service
            failures.append((name, f"{type(error).__name__}: {error}"))
            print(f"{name}: FAILED: {type(error).__name__}: {error}", file=out)
        else:
            print(counts.line(), file=out)
    seconds = time.perf_counter() - started
    print(f"planned {len(names) - len(failures)} of {len(names)} services in {seconds:.0f} s", file=out)
    for name, reason in failures:
        print(f"  failed: {name}: {reason}", file=out)
    return len(failures)


SAMPLE = [
    # The services ecr-attrs ships, and the three the engine was first refused by.
    "ecr", "ecr-public", "dynamodb", "ssm", "glue",
    # Recursive shapes (a structure that holds itself, directly or through others).
    "agent-discovery", "freetier", "keyspacesstreams", "dynamodbstreams", "rds-data", "lexv2-runtime",
    "pi", "bcm-dashboards", "timestream-query", "budgets", "emr-containers", "emr-serverless",
    "qapps", "amplifyuibuilder", "acm", "verifiedpermissions", "organizations", "athena", "emr", "ce",
    # Structures reachable only from an error shape.
    "inspector-scan", "uxc", "appconfigdata", "bcm-recommended-actions", "abuse-signal",
    "route53-recovery-cluster", "connectscheduling", "notificationscontacts", "geo-maps",
    "supportauthz", "account", "docdb-elastic", "managedblockchain-query",
    # Unions and documents.
    "account-access-runtime", "marketplace-deployment", "pca-connector-scep", "iam-toolbox",
    "identitystore", "mwaa",
    # Streaming bodies and event streams, left out by name.
    "workmailmessageflow", "kinesis-video-media", "sagemaker-runtime", "cloudsearchdomain", "ebs",
    "lex-runtime", "kinesis",
    # List-valued input tokens; result keys that are not lists; a short name that is a class name.
    "s3", "route53", "apigateway", "devicefarm", "marketplace-discovery", "rds", "marketplace-agreement",
    # Sensitive members, and services without paginators or waiters.
    "sso", "eks-auth", "cloudfront-keyvaluestore", "personalize-events", "sts", "secretsmanager",
]  # fmt: skip
"""The services ``tests/test_plan.py`` plans (``python -m codegen plan --sample``): each
line is a kind of model the engine once could not plan, by the smallest services
that have it; ``--all`` plans every installed service."""
