//! JSON API requests as the API tests send them.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, Response, StatusCode, header};
use serde_json::Value;

use super::HOST;

/// The client address a request handed straight to the router claims
/// (the server backend reads it for its login throttle).
pub const CLIENT: SocketAddr =
    SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::new(192, 0, 2, 1), 50000));

/// A request to this server's Host with `auth` as its `Authorization`
/// header, when given, and `body` sent as `application/json`, when given.
pub fn json_request(
    method: Method,
    uri: &str,
    auth: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST);
    if let Some(auth) = auth {
        request = request.header(header::AUTHORIZATION, auth);
    }
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&json).unwrap())
        }
        None => Body::empty(),
    };
    request.body(body).unwrap()
}

/// `request` as if it came from CLIENT over a real connection.
pub fn from_client(mut request: Request<Body>) -> Request<Body> {
    request.extensions_mut().insert(ConnectInfo(CLIENT));
    request
}

/// What the API answered.
pub struct Reply {
    pub status: StatusCode,
    pub json: Value,
}

/// The status and body of a response to `uri`, which must be JSON.
pub async fn read_json(response: Response<Body>, uri: &str) -> Reply {
    let status = response.status();
    assert_eq!(
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap()),
        Some("application/json"),
        "{uri}"
    );
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Reply {
        status,
        json: serde_json::from_slice(&bytes).unwrap(),
    }
}

/// [`read_json`] of an answer to `method uri`, checked against the OpenAPI
/// document ([`super::contract::check`]) when it is an API path: the shared
/// clients read every answer through this.
pub async fn read_api(response: Response<Body>, method: &Method, uri: &str) -> Reply {
    let reply = read_json(response, uri).await;
    if uri.starts_with("/api/") {
        super::contract::check(method, uri, reply.status, &reply.json);
    }
    reply
}
