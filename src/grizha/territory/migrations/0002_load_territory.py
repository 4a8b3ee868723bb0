"""Load every municipality, mayoralty and settlement of the EKATTE classification (NSI)."""

from django.db import migrations


def load(apps, schema_editor):
    from grizha.territory.reference import load_territory

    load_territory(apps)


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
