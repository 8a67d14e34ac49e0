import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member; ``UserFactory(role=Role.RECEPTION)`` puts them in that role's group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Iterator(["نورة", "فهد", "منيرة", "خالد", "سارة", "ريم"])
    last_name = factory.Sequence(lambda n: f"الموظف{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@silah.test")
    # An unusable password: tests sign in with force_login, and hashing would only slow them.
    password = factory.LazyFunction(lambda: make_password(None))
    is_active = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
