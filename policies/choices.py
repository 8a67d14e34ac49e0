from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Every channel the seed policies name for reaching the association (R3)."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LETTER = "letter", _("Letter")
    ASSISTANCE_SERVICE = "assistance_service", _("Assistance-request service")
    VOLUNTEERING = "volunteering", _("Volunteering service")
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("Email")
    FAX = "fax", _("Fax")
    BRANCH_REPRESENTATIVE = "branch_representative", _("Branch office representative")


class ContactChannel(models.TextChoices):
    """The channel agreed with a beneficiary for the association's messages to them (R1, R14)."""

    SMS = "sms", _("Text message (SMS)")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class FieldOfWork(models.TextChoices):
    GENERAL = "general", _("General")
    SOCIAL = "social", _("Social")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    FINANCIAL = "financial", _("Financial support")
