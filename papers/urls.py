from django.urls import path

from papers.views import mine, prints

app_name = "papers"

urlpatterns = [
    path("", prints.index, name="index"),
    path("forms.pdf", prints.forms_pdf, name="forms_pdf"),
    path("pack.pdf", prints.pack_pdf, name="pack_pdf"),
    path("deadline/", prints.deadline_set, name="deadline_set"),
    path("cadres/<int:pk>/paper/", prints.paper_upload, name="paper_upload"),
    path("mine/", mine.mine, name="mine"),
]
