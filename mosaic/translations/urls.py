from django.urls import path

from mosaic.translations import views

app_name = "translations"
urlpatterns = [
    path("staff/translations/", views.backlog_page, name="backlog"),
    path("staff/translations/take", views.take_task, name="take"),
    path("staff/translations/assign", views.assign_task, name="assign"),
    path("staff/translations/<int:pk>/", views.workspace, name="workspace"),
    path("staff/translations/<int:pk>/autosave", views.autosave, name="autosave"),
    path("staff/translations/<int:pk>/review", views.review, name="review"),
    path("staff/translations/<int:pk>/machine-draft", views.machine_draft, name="machine-draft"),
    path("documents/<slug:public_id>/request-translation", views.request_translation, name="request"),
]
