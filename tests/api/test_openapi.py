def test_openapi_schema_describes_the_api(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Masthead API"
    assert schema["info"]["version"] == "1"
    paths = schema["paths"]
    assert {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/sections",
    } <= set(paths)
    params = {p["name"] for p in paths["/api/v1/articles"]["get"]["parameters"]}
    assert {"section", "tag", "author", "since", "edition", "lang", "kind"} <= params
    assert {"page", "limit"} <= params
    responses = paths["/api/v1/articles/{article_id}"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(responses)
    assert "ArticleDetail" in schema["components"]["schemas"]
    assert not any("path" in p for p in paths if "rest" in p)  # catch-all hidden


def test_interactive_docs_are_served(client, db):
    assert client.get("/api/v1/docs").status_code == 200
