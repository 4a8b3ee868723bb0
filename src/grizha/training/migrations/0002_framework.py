from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from grizha.training.framework import load_framework

    load_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
