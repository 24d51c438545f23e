from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0002_sources_and_ingest_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="wiresource",
            name="allow_private_hosts",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Fetch this feed even from a private or loopback address (a "
                    "wire server on the newsroom's own network). Only "
                    "administrators and the chief editor may change it, and it "
                    "works only if the operator allows private addresses at all "
                    "(MASTHEAD_WIRE_ALLOW_PRIVATE_HOSTS). Pictures inside the "
                    "copy always come from public addresses."
                ),
                verbose_name="allow private addresses",
            ),
        ),
    ]
