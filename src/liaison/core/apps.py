from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "liaison.core"
    label = "core"
    verbose_name = "Liaison core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from liaison.core.pagecache import writes_watch_install

        # Every write through Django, in every process, makes the anonymous page cache's answers old.
        connection_created.connect(writes_watch_install, dispatch_uid="liaison-page-cache-writes")
