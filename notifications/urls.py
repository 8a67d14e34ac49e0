from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/open/", views.notification_open_view, name="open"),
    path("read-all/", views.notifications_read_all_view, name="read_all"),
    path("tasks/", views.staff_task_list_view, name="tasks"),
    path("tasks/<int:pk>/", views.StaffTaskDetailView.as_view(), name="task_detail"),
    path("messages/<int:pk>/resend/", views.message_resend_view, name="message_resend"),
]
