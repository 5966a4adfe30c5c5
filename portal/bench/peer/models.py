"""Plain models holding the same rows as the demo projects (copied by the benchmark)."""

from django.db import models


class PeerProject(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=255)
    city = models.CharField(max_length=50)
    district = models.CharField(max_length=50, null=True)
    sales_status = models.CharField(max_length=20)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PeerUnitType(models.Model):
    project = models.ForeignKey(PeerProject, on_delete=models.CASCADE, related_name="unit_types")
    name = models.CharField(max_length=50)
    rooms = models.PositiveSmallIntegerField()
    area_sqm = models.FloatField()
    orientation = models.CharField(max_length=20, null=True)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name
