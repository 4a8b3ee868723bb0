"""Load grizha's controlled vocabularies (taxonomy/taxonomies.json) with their fixed ids."""

from django.db import migrations


def load(apps, schema_editor):
    from grizha.catalog.reference import load_taxonomies

    load_taxonomies(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
