"""Member forms: shape checks only; services judge what needs the database."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ..disciplines import CHOICES
from ..forms import CommunityForm, MultiCheckboxField, options
from .models import OPEN_TO
from .passwords import MAX_LENGTH

DISCIPLINE_CHOICES = [("", "Select your discipline"), *CHOICES]


def _email_field(label: str = "Email address"):
    return StringField(label, filters=[lambda v: v.strip() if isinstance(v, str) else v],
                       validators=[DataRequired("Enter your email address"),
                                   Length(max=254, message="Email address must be 254 characters or fewer"),
                                   Email("Enter an email address in the correct format, like name@example.nhs.uk")])


def _password_field(label: str, message: str = "Enter a password"):
    return PasswordField(label, validators=[DataRequired(message),
                                            Length(max=MAX_LENGTH, message="Password is too long")])


def _name_field(label: str = "Full name"):
    return StringField(label, validators=[DataRequired("Enter your full name"),
                                          Length(max=120, message="Name must be 120 characters or fewer")])


def _discipline_field():
    return SelectField("Discipline", choices=options(DISCIPLINE_CHOICES),
                       validators=[InputRequired("Select your discipline")],
                       validate_choice=False)


class JoinForm(CommunityForm):
    name = _name_field()
    email = _email_field()
    password = _password_field("Create a password")
    discipline = _discipline_field()
    organisation = StringField("Organisation", validators=[
        DataRequired("Enter the organisation you work for"),
        Length(max=160, message="Organisation must be 160 characters or fewer")])
    consent = BooleanField("I agree to the community guidelines and privacy notice",
                           validators=[DataRequired(
                               "Agree to the community guidelines and privacy notice to join")])


class LoginForm(CommunityForm):
    email = _email_field()
    password = _password_field("Password", "Enter your password")
    remember = BooleanField("Keep me signed in on this device")


class ResetRequestForm(CommunityForm):
    email = _email_field()


class ResetForm(CommunityForm):
    password = _password_field("New password", "Enter a new password")


class ChangePasswordForm(CommunityForm):
    current_password = _password_field("Current password", "Enter your current password")
    new_password = _password_field("New password", "Enter a new password")


class ChangeEmailForm(CommunityForm):
    email = _email_field("New email address")
    password = _password_field("Your password", "Enter your password")


class ProfileForm(CommunityForm):
    name = _name_field("Display name")
    discipline = _discipline_field()
    job_title = StringField("Job title", validators=[
        Optional(), Length(max=120, message="Job title must be 120 characters or fewer")])
    organisation = StringField("Organisation", validators=[
        Optional(), Length(max=160, message="Organisation must be 160 characters or fewer")])
    place = StringField("Place", validators=[
        Optional(), Length(max=80, message="Place must be 80 characters or fewer")])
    bio = TextAreaField("About you", validators=[
        Optional(), Length(max=2000, message="About you must be 2,000 characters or fewer")])
    interests = StringField("Interests", validators=[
        Optional(), Length(max=800, message="Interests must be 800 characters or fewer")])
    expertise = StringField("Expertise", validators=[
        Optional(), Length(max=800, message="Expertise must be 800 characters or fewer")])
    open_to = MultiCheckboxField("Open to", choices=options(OPEN_TO.items()), validate_choice=False)
