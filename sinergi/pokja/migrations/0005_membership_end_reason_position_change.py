from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pokja", "0004_plausible_values"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("mutasi", "Transfer (mutasi)"),
                    ("promosi", "Promotion"),
                    ("pensiun", "Retirement"),
                    ("mengundurkan_diri", "Resignation"),
                    ("masa_tugas_berakhir", "End of term"),
                    ("perubahan_jabatan", "Change of position"),
                    ("lainnya", "Other"),
                ],
                max_length=20,
                verbose_name="reason for leaving",
            ),
        ),
    ]
