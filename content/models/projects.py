from __future__ import annotations

import re
from datetime import date, datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Trim
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLBoolean, GraphQLCollection, GraphQLForeignKey, GraphQLString
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet

from content import rules
from content.blocks import BodyBlock, stream_plain_text
from content.choices import AdverseFactorCategory, SalesStatus
from content.models.base import ClubPage
from content.models.home import SectionIndexPage
from core.errors import DomainError

# Shown to editors above the disclosure (红线外不利因素公示): what to check, and why.
DISCLOSURE_NOTE = _(
    "<p>发布前须逐项核查项目红线外的不利因素，并逐条登记类别、名称、距离和说明："
    "噪音、异味、污染、宗教信仰、环境变化（含规划道路、绿地或水系变更）、忌讳设施。"
    "经核查未发现任何不利因素时，也须勾选“已审核公示”，明示“经核查未发现”。"
    "未勾选的楼盘不能发布；楼盘发布还须经法务审核。</p>"
)


class ProjectIndexPage(SectionIndexPage):
    subpage_types = ["content.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("楼盘栏目")


class ProjectPageQuerySet(PageQuerySet):
    def licensed(self, *, today: date | None = None) -> ProjectPageQuerySet:
        """Projects whose pre-sale licence counts today: the SQL twin of
        `content.rules.project_is_licensed` (number not blank, date on or before today in
        China)."""
        return (
            self.annotate(_licence_number_trimmed=Trim("presale_licence_number"))
            .filter(
                presale_licence_date__isnull=False,
                presale_licence_date__lte=today or rules.licence_today(),
            )
            .exclude(_licence_number_trimmed="")
        )

    def unlicensed(self, *, today: date | None = None) -> ProjectPageQuerySet:
        return self.exclude(pk__in=self.model.objects.licensed(today=today).values("pk"))


class ProjectPage(ClubPage):
    """A property project (楼盘) with its pre-sale information.

    Two rules from DOMAIN.md live in `content.rules`: no publication before the adverse
    factors outside the site boundary are reviewed, and no prices, nor any visibility to
    anonymous visitors, before the pre-sale licence.
    """

    city = models.CharField(_("城市"), max_length=50, db_index=True)
    district = models.CharField(_("区域"), max_length=50, blank=True)
    address = models.CharField(_("项目地址"), max_length=200, blank=True)
    sales_status = models.CharField(
        _("销售状态"), max_length=20, choices=SalesStatus.choices, default=SalesStatus.PLANNING
    )
    presale_licence_number = models.CharField(_("预售许可证号"), max_length=100, blank=True)
    presale_licence_date = models.DateField(_("预售许可证发证日期"), null=True, blank=True)
    price_min_per_sqm = models.PositiveIntegerField(_("最低单价（分/㎡）"), null=True, blank=True)
    price_max_per_sqm = models.PositiveIntegerField(_("最高单价（分/㎡）"), null=True, blank=True)
    deposit_amount = models.PositiveIntegerField(_("认筹金（分）"), null=True, blank=True)
    sales_centre_address = models.CharField(_("售楼处地址"), max_length=200, blank=True)
    sales_centre_phone = models.CharField(_("售楼处电话"), max_length=40, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    intro = models.TextField(_("项目简介"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("详细介绍"), blank=True)
    adverse_factors_reviewed = models.BooleanField(
        _("红线外不利因素已审核公示"),
        default=False,
        help_text=_("确认已完整核查项目红线外的不利因素（如无，也须勾选表示“经核查未发现”）。"),
    )

    content_panels = ClubPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("city"), FieldPanel("district")]),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("位置"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("sales_status"),
                FieldRowPanel(
                    [FieldPanel("presale_licence_number"), FieldPanel("presale_licence_date")]
                ),
                FieldRowPanel([FieldPanel("price_min_per_sqm"), FieldPanel("price_max_per_sqm")]),
                FieldPanel("deposit_amount"),
                FieldRowPanel(
                    [FieldPanel("sales_centre_address"), FieldPanel("sales_centre_phone")]
                ),
            ],
            heading=_("销售信息"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("phases", label=_("分期")),
        InlinePanel("unit_types", label=_("户型")),
        InlinePanel("open_days", label=_("工地开放日")),
        MultiFieldPanel(
            [
                HelpPanel(content=DISCLOSURE_NOTE),
                InlinePanel("adverse_factors", label=_("不利因素")),
                FieldPanel("adverse_factors_reviewed"),
            ],
            heading=_("红线外不利因素公示"),
        ),
        InlinePanel("gallery_images", label=_("图库")),
    ]
    graphql_fields = [
        GraphQLString("city"),
        GraphQLString("district"),
        GraphQLString("address"),
        GraphQLString("sales_status"),
        GraphQLString("intro"),
        GraphQLBoolean("adverse_factors_reviewed"),
        GraphQLCollection(GraphQLForeignKey, "unit_types", "content.UnitType"),
        GraphQLCollection(GraphQLForeignKey, "adverse_factors", "content.AdverseFactor"),
    ]
    parent_page_types = ["content.ProjectIndexPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    class Meta:
        verbose_name = _("楼盘")
        verbose_name_plural = _("楼盘")

    @property
    def is_licensed(self) -> bool:
        return rules.project_is_licensed(self)

    def searchable_parts(self) -> list[str]:
        # Prices are never indexed: search results must not leak them before the licence.
        # Members look for a place (district, address), a layout (三房两厅) and what is
        # near it (噪音, 高架桥, 围挡), so unit types and the disclosure are indexed too.
        return (
            super().searchable_parts()
            + [self.city, self.district, self.address, self.intro, stream_plain_text(self.body)]
            + [unit.name for unit in self.unit_types.all()]
            + self._adverse_factor_parts()
        )

    def _adverse_factor_parts(self) -> list[str]:
        # Category names in the page's own language, whatever language indexes it.
        with translation.override(self.locale.language_code):
            return [
                part for factor in self.adverse_factors.all() for part in factor.searchable_parts()
            ]

    def get_sitemap_urls(self, request=None):
        if not self.is_licensed:
            return []
        return super().get_sitemap_urls(request)

    def clean(self) -> None:
        super().clean()
        rules.raise_for(rules.project_consistency_errors(self))

    def publish_errors(self, *, user=None, now: datetime | None = None) -> list[DomainError]:
        return rules.project_publish_errors(self)

    def publication_process_errors(self, *, revision) -> list[DomainError]:
        return rules.project_legal_approval_errors(revision=revision)

    def after_publication(self, *, user=None, now: datetime | None = None) -> None:
        # Judged on the live row, i.e. the revision that was published: a draft's values
        # (an autosave, a saved draft with a licence typed in) never lift the restriction,
        # and a revision scheduled for later changes nothing yet.
        from content.services import project_view_restriction_sync

        project_view_restriction_sync(project=ProjectPage.objects.get(pk=self.pk))

    def serve(self, request, *args, **kwargs):
        # The licence rule itself, not only the login restriction row, guards the page.
        if not self.is_licensed and not request.user.is_authenticated:
            raise Http404
        return super().serve(request, *args, **kwargs)


class ProjectPhase(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("分期名称"), max_length=50)
    planned_delivery = models.DateField(_("计划交付日期"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("planned_delivery"), FieldPanel("description")]
    graphql_fields = [
        GraphQLString("name"),
        GraphQLString("planned_delivery"),
        GraphQLString("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("分期")


class UnitType(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="unit_types")
    name = models.CharField(_("户型名称"), max_length=50)
    rooms = models.PositiveSmallIntegerField(_("居室数"), validators=[MinValueValidator(1)])
    area_sqm = models.DecimalField(
        _("建筑面积（㎡）"), max_digits=7, decimal_places=2, validators=[MinValueValidator(1)]
    )
    orientation = models.CharField(_("朝向"), max_length=20, blank=True)
    floor_plan = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("户型图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("rooms"),
        FieldPanel("area_sqm"),
        FieldPanel("orientation"),
        FieldPanel("floor_plan"),
    ]
    graphql_fields = [
        GraphQLString("name"),
        GraphQLString("rooms"),
        GraphQLString("area_sqm"),
        GraphQLString("orientation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("户型")


class AdverseFactor(Orderable):
    """One adverse factor outside the site boundary (红线外不利因素)."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="adverse_factors")
    category = models.CharField(_("类别"), max_length=30, choices=AdverseFactorCategory.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("例如：垃圾填埋场、高架桥"))
    distance_m = models.PositiveIntegerField(_("距离（米）"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    panels = [
        FieldPanel("category"),
        FieldPanel("name"),
        FieldPanel("distance_m"),
        FieldPanel("note"),
    ]
    graphql_fields = [
        GraphQLString("category"),
        GraphQLString("name"),
        GraphQLString("distance_m"),
        GraphQLString("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("不利因素")

    def searchable_parts(self) -> list[str]:
        """The factor's words for its project's search index.

        Only the category's short name is indexed ("噪音", not the list of examples in its
        label), so that a search for 机场 does not find every project near a viaduct.
        """
        category = re.split(r"[（(]", str(self.get_category_display()), maxsplit=1)[0]
        return [category.strip(), self.name, self.note]


class OpenDay(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="open_days")
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("工地开放日")


class ProjectGalleryImage(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("图片")
