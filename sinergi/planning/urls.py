"""The strategic plans (Renstra AMPL) of a working group. pokja/<code>/renstra/ itself is the
uploaded plan file of the pokja app."""

from django.urls import path

from sinergi.planning import views_plans as views

app_name = "planning"

PLANS = "pokja/<region:code>/renstra/rencana/"
PLAN = PLANS + "<int:pk>/"

urlpatterns = [
    path(PLANS, views.plans, name="plans"),
    path(PLANS + "baru/", views.add_plan, name="add_plan"),
    path(PLAN, views.plan, name="plan"),
    path(PLAN + "ubah/", views.edit_plan, name="edit_plan"),
    path(PLAN + "target/", views.plan_targets, name="plan_targets"),
    path(PLAN + "tetapkan/", views.adopt_plan, name="adopt_plan"),
    path(PLAN + "hapus/", views.remove_plan, name="remove_plan"),
    path(PLAN + "dokumen.<str:fmt>", views.plan_document, name="plan_document"),
    path(PLAN + "berkas-penetapan/", views.plan_file, name="plan_file"),
    path(PLAN + "tujuan/baru/", views.add_goal, name="add_goal"),
    path(PLAN + "tujuan/<int:goal_pk>/ubah/", views.edit_goal, name="edit_goal"),
    path(PLAN + "tujuan/<int:goal_pk>/hapus/", views.remove_goal, name="remove_goal"),
    path(PLAN + "tujuan/<int:goal_pk>/strategi/baru/", views.add_strategy, name="add_strategy"),
    path(PLAN + "strategi/<int:strategy_pk>/hapus/", views.remove_strategy, name="remove_strategy"),
]
