"""What each role of the municipality's staff may do: one table, read by every staff page and selector."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FRONT_OFFICE = "front_office", _("front-office specialist")
    CASE_WORKER = "case_worker", _("case worker")
    OFFICE_MANAGER = "office_manager", _("office manager")
    ANALYST = "analyst", _("analyst")
    NATIONAL_ANALYST = "national_analyst", _("national analyst")
    CATALOG_EDITOR = "catalog_editor", _("catalog editor")
    NATIONAL_EDITOR = "national_editor", _("national catalogue editor")
    ADMINISTRATOR = "administrator", _("municipal administrator")
    DATA_PROTECTION = "data_protection", _("data protection officer")


class Capability(models.TextChoices):
    """Things a staff page or a service function may require."""

    CASEWORK = "casework", _("consult people and keep their records")
    REFER = "refer", _("refer people and follow the referrals")
    DECIDE_APPLICATIONS = "decide_applications", _("consider applications and decide on them")
    MANAGE_APPOINTMENTS = "manage_appointments", _("publish appointment times")
    SUPERVISE = "supervise", _("see every specialist's work queue in the office")
    ANALYSE = "analyse", _("see anonymous figures")
    ANALYSE_COUNTRY = "analyse_country", _("see anonymous figures of the whole country")
    MANAGE_TRAINING = "manage_training", _("keep trainings, supervision, competences and project indicators")
    EDIT_CATALOG = "edit_catalog", _("edit the catalog")
    EDIT_MASTERS = "edit_masters", _("edit the national descriptions and see every municipality's catalog")
    MANAGE_STAFF = "manage_staff", _("manage staff accounts and offices")
    READ_AUDIT = "read_audit", _("read the audit trail of personal data")


C = Capability
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.FRONT_OFFICE: frozenset({C.CASEWORK, C.REFER}),
    Role.CASE_WORKER: frozenset({C.CASEWORK, C.REFER, C.DECIDE_APPLICATIONS}),
    Role.OFFICE_MANAGER: frozenset(
        {C.CASEWORK, C.REFER, C.DECIDE_APPLICATIONS, C.MANAGE_APPOINTMENTS, C.SUPERVISE, C.ANALYSE, C.MANAGE_TRAINING}
    ),
    Role.ANALYST: frozenset({C.ANALYSE}),
    Role.NATIONAL_ANALYST: frozenset({C.ANALYSE, C.ANALYSE_COUNTRY}),
    Role.CATALOG_EDITOR: frozenset({C.EDIT_CATALOG}),
    Role.NATIONAL_EDITOR: frozenset({C.EDIT_CATALOG, C.EDIT_MASTERS}),
    Role.ADMINISTRATOR: frozenset(
        {C.EDIT_CATALOG, C.MANAGE_STAFF, C.MANAGE_APPOINTMENTS, C.ANALYSE, C.MANAGE_TRAINING}
    ),
    Role.DATA_PROTECTION: frozenset({C.READ_AUDIT}),
}
