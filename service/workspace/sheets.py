"""Sheets v4 on gspread: the master Sheet's structure, values and developer
metadata (https://developers.google.com/sheets/api/reference/rest).

gspread's ``HTTPClient`` is the one place its calls pass through, so our funnel
is a subclass of it (``FunnelHTTPClient``): every call is counted under the
discovery method its URL maps to, retried by the retry policy, and its errors
raised as our ``WorkspaceError``s. The gateway uses gspread's low-level calls
(``batch_update``, ``values_batch_get``, ``values_batch_update``...) with a
spreadsheet ID, not ``open_by_key``, which would spend a ``spreadsheets.get``
each time. gspread's higher-level objects catch ``APIError`` in places (e.g.
``open`` turning a 404 into ``SpreadsheetNotFound``); they would see our errors
instead, which is one more reason not to hand them out.

Values written on behalf of people go ``RAW`` by default: Sheets then stores a
typed ``=SUM(A1)`` as that text, never as a formula (DESIGN.md §4).
"""

from __future__ import annotations

import functools
from typing import Any, Iterable, Mapping

import gspread
import requests
from gspread.http_client import HTTPClient
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL

from . import clients
from .calls import CallCounter
from .errors import RateLimited, WorkspaceError
from .gateway import translate
from .methods import method_id
from .retry import RetryPolicy


class FunnelHTTPClient(HTTPClient):
    """gspread's HTTP client, counted, retried, with our errors."""

    def __init__(self, auth, session=None, *, policy: RetryPolicy, counter: CallCounter):
        super().__init__(auth, session)
        self.policy, self.counter = policy, counter

    def request(self, method: str, endpoint: str, *args, **kwargs) -> requests.Response:
        method_name = method_id(method, endpoint)
        send = super().request

        def attempt():
            self.counter.call(method_name)
            try:
                return send(method, endpoint, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - translated, never swallowed
                error = translate(exc, method_name, self.policy)
                if isinstance(error, RateLimited):
                    self.counter.throttle(method_name)
                raise error from exc

        try:
            return self.policy.run(attempt, lambda error, wait: self.counter.retry(method_name, wait))
        except WorkspaceError:
            self.counter.fail(method_name)
            raise


class Sheets:
    """The Sheets API as one identity, through gspread."""

    def __init__(self, credentials, emulator_url: str | None = None,
                 policy: RetryPolicy | None = None, counter: CallCounter | None = None):
        self.policy = policy or RetryPolicy()
        self.counter = counter if counter is not None else CallCounter()
        http_client = functools.partial(FunnelHTTPClient, policy=self.policy, counter=self.counter)
        self.client: gspread.Client = clients.gspread_client(credentials, emulator_url,
                                                             http_client=http_client)
        self.http: FunnelHTTPClient = self.client.http_client

    # -- the funnel for what gspread has no method for ---------------------
    def call(self, http_method: str, path: str = "", params: Mapping | None = None,
             body: Mapping | None = None) -> Any:
        """Any Sheets call: ``path`` is what follows ``/v4/spreadsheets`` (e.g.
        ``"ID/developerMetadata:search"``). Returns the decoded JSON answer."""
        url = SPREADSHEETS_API_V4_BASE_URL + (f"/{path}" if path else "")
        return self.http.request(http_method, url, params=params, json=body).json()

    # -- spreadsheets --------------------------------------------------------
    def create(self, spreadsheet: Mapping) -> dict:
        """spreadsheets.create: a whole spreadsheet (title, tabs, grid, formats) in
        one call. It lands in the acting user's My Drive; Drive moves it."""
        return self.call("post", body=spreadsheet)

    def get(self, spreadsheet_id: str, fields: str | None = None,
            ranges: Iterable[str] = (), include_grid_data: bool = False) -> dict:
        """spreadsheets.get: tabs, protected ranges, developer metadata..."""
        params: dict[str, Any] = {}
        if fields:
            params["fields"] = fields
        if ranges:
            params["ranges"] = list(ranges)
        if include_grid_data:
            params["includeGridData"] = "true"
        return self.http.fetch_sheet_metadata(spreadsheet_id, params=params)

    def batch_update(self, spreadsheet_id: str, requests: Iterable[Mapping],
                     include_spreadsheet: bool = False) -> dict:
        """spreadsheets.batchUpdate: all the requests in one call, all or nothing."""
        body = {"requests": list(requests)}
        if include_spreadsheet:
            body["includeSpreadsheetInResponse"] = True
        return self.http.batch_update(spreadsheet_id, body)

    # -- values --------------------------------------------------------------
    def values_batch_get(self, spreadsheet_id: str, ranges: Iterable[str],
                         value_render: str = "UNFORMATTED_VALUE",
                         major_dimension: str = "ROWS") -> list[dict]:
        """values.batchGet: the ``valueRanges`` of every range, in one call."""
        params = {"valueRenderOption": value_render, "majorDimension": major_dimension,
                  "dateTimeRenderOption": "FORMATTED_STRING"}
        answer = self.http.values_batch_get(spreadsheet_id, list(ranges), params=params)
        return answer.get("valueRanges", [])

    def values_batch_update(self, spreadsheet_id: str, data: Iterable[Mapping],
                            value_input: str = "RAW") -> dict:
        """values.batchUpdate of ``[{"range": A1, "values": rows}, ...]``; RAW unless told."""
        return self.http.values_batch_update(spreadsheet_id, {
            "valueInputOption": value_input, "data": list(data)})

    def values_append(self, spreadsheet_id: str, range_: str, rows: Iterable[Iterable],
                      value_input: str = "RAW") -> dict:
        """values.append: rows inserted after the table found in ``range_``."""
        return self.http.values_append(
            spreadsheet_id, range_, {"valueInputOption": value_input,
                                     "insertDataOption": "INSERT_ROWS"},
            {"values": [list(row) for row in rows]})

    def values_batch_clear(self, spreadsheet_id: str, ranges: Iterable[str]) -> dict:
        return self.http.values_batch_clear(spreadsheet_id, body={"ranges": list(ranges)})

    # -- developer metadata: rows found by ID, wherever people moved them ---
    def search_metadata(self, spreadsheet_id: str, data_filters: Iterable[Mapping]) -> list[dict]:
        """developerMetadata.search: ``matchedDeveloperMetadata`` (metadata with its location)."""
        answer = self.call("post", f"{spreadsheet_id}/developerMetadata:search",
                           body={"dataFilters": list(data_filters)})
        return answer.get("matchedDeveloperMetadata", [])

    def values_get_by_metadata(self, spreadsheet_id: str, data_filters: Iterable[Mapping],
                               value_render: str = "UNFORMATTED_VALUE",
                               major_dimension: str = "ROWS") -> list[dict]:
        """values.batchGetByDataFilter: ``valueRanges`` each with its ``dataFilters``."""
        answer = self.call("post", f"{spreadsheet_id}/values:batchGetByDataFilter", body={
            "dataFilters": list(data_filters), "valueRenderOption": value_render,
            "majorDimension": major_dimension})
        return answer.get("valueRanges", [])

    def values_update_by_metadata(self, spreadsheet_id: str, data: Iterable[Mapping],
                                  value_input: str = "RAW") -> dict:
        """values.batchUpdateByDataFilter of ``[{"dataFilter": ..., "values": rows}, ...]``:
        the writes land where the metadata is now, even after people sorted the tab."""
        return self.call("post", f"{spreadsheet_id}/values:batchUpdateByDataFilter", body={
            "valueInputOption": value_input, "data": list(data)})
