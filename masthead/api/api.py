from ninja import NinjaAPI

api = NinjaAPI(title="Masthead API", version="1", urls_namespace="api-v1")
