from django.db import migrations


def load(apps, schema_editor):
    from grizha.search.thesaurus import load_seed

    load_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index"), ("catalog", "0002_load_taxonomies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
