// httpStatusOf and toProblemDetails: one status per error type (StorageFailure by reason), RFC 9457
// members, the error's details as extension members, `status` details renamed, never a cause.

import { readFile } from "node:fs/promises";
import {
  ERROR_TYPES,
  type ErrorType,
  httpStatusOf,
  type SharingError,
  SharingErrors,
  toProblemDetails,
} from "cloud-image-sharing";
import { describe, expect, it } from "vitest";

const secret = new Error("connect ECONNREFUSED 10.1.2.3:5432 (user billing_admin, password hunter2)");

/** Every error type with every shape its details take; typed so that a new error type fails to compile here. */
const SAMPLES: { readonly [T in ErrorType]: readonly SharingError[] } = {
  ValidationError: [SharingErrors.validation([{ path: ["principal", "roles", 0], message: "too long" }])],
  UnknownRegion: [SharingErrors.unknownRegion("XYZ")],
  ImageNotFound: [SharingErrors.imageNotFound("img-1")],
  AccountNotFound: [SharingErrors.accountNotFound("100009")],
  MemberNotFound: [SharingErrors.memberNotFound("img-1", "100002")],
  Forbidden: [
    SharingErrors.forbiddenRole("cloudImages:admin", "img-1"),
    SharingErrors.forbiddenRole("cloudImages:observer"),
    SharingErrors.notOwner("img-1"),
    SharingErrors.notAccepted("img-1", "pending"),
  ],
  SelfShare: [SharingErrors.selfShare("img-1")],
  AlreadyShared: [
    SharingErrors.alreadyShared("img-1", "100002", "rejected", false),
    SharingErrors.alreadyShared("img-1", "100002", "accepted", true),
  ],
  ReshareRequired: [SharingErrors.reshareRequired("img-1")],
  MemberQuotaExceeded: [SharingErrors.memberQuotaExceeded("img-1", 2)],
  RegionMismatch: [SharingErrors.regionMismatch("img-1", "IAD", "DFW")],
  ConcurrentModification: [SharingErrors.concurrentModification("img-1"), SharingErrors.concurrentModification()],
  StorageFailure: [
    SharingErrors.storageFailure(secret),
    SharingErrors.storageFailure(secret, "invalid-response"),
    SharingErrors.storageTimeout(10_000, true),
    SharingErrors.storageTimeout(10_000, false),
  ],
};

const ALL = Object.values(SAMPLES).flat();

describe("httpStatusOf", () => {
  it.each([
    ["ValidationError", 400],
    ["UnknownRegion", 400],
    ["ImageNotFound", 404],
    ["AccountNotFound", 404],
    ["MemberNotFound", 404],
    ["Forbidden", 403],
    ["AlreadyShared", 409],
    ["ReshareRequired", 409],
    ["MemberQuotaExceeded", 409],
    ["SelfShare", 422],
    ["RegionMismatch", 422],
    ["ConcurrentModification", 503],
  ] as const)("%s answers %i", (type, status) => {
    for (const error of SAMPLES[type]) expect(httpStatusOf(error)).toBe(status);
  });

  it("StorageFailure answers by reason: unavailable 503, timeout 504, invalid-response 502", () => {
    expect(httpStatusOf(SharingErrors.storageFailure(secret))).toBe(503);
    expect(httpStatusOf(SharingErrors.storageFailure(secret, "unavailable"))).toBe(503);
    expect(httpStatusOf(SharingErrors.storageTimeout(5, true))).toBe(504);
    expect(httpStatusOf(SharingErrors.storageFailure(secret, "invalid-response"))).toBe(502);
  });

  it("every error type of the library has a sample here", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...ERROR_TYPES].sort());
  });

  it("a value that is not a SharingError (plain JavaScript callers) answers 500 instead of throwing", () => {
    expect(httpStatusOf({ type: "Nope", message: "x" } as unknown as SharingError)).toBe(500);
    expect(httpStatusOf(new Error("boom") as unknown as SharingError)).toBe(500);
    for (const nothing of [null, undefined]) expect(httpStatusOf(nothing as unknown as SharingError)).toBe(500);
  });
});

describe("toProblemDetails (RFC 9457)", () => {
  it("has type, title, status, detail and errorType for every error", () => {
    for (const error of ALL) {
      const problem = toProblemDetails(error);
      expect(problem.type).toBe(`urn:cloud-image-sharing:error:${error.type}`);
      expect(problem.errorType).toBe(error.type);
      expect(problem.status).toBe(httpStatusOf(error));
      expect(problem.title.length).toBeGreaterThan(0);
      expect(problem.detail.length).toBeGreaterThan(0);
      expect(problem).not.toHaveProperty("instance");
      expect(problem).not.toHaveProperty("message");
    }
  });

  it("the title depends on the error type only; the detail is the error's message (except StorageFailure)", () => {
    for (const samples of Object.values(SAMPLES)) {
      expect(new Set(samples.map((error) => toProblemDetails(error).title)).size).toBe(1);
      for (const error of samples)
        if (error.type !== "StorageFailure") expect(toProblemDetails(error).detail).toBe(error.message);
    }
  });

  it("carries each error's details as extension members, with `status` renamed `memberStatus`", () => {
    const project = (error: SharingError) => {
      const {
        type: _type,
        title: _title,
        status: _status,
        detail: _detail,
        errorType: _errorType,
        ...extensions
      } = toProblemDetails(error);
      return extensions;
    };
    expect(project(SharingErrors.validation([{ path: ["imageId"], message: "empty" }]))).toEqual({
      issues: [{ path: ["imageId"], message: "empty" }],
    });
    expect(project(SharingErrors.unknownRegion("XYZ"))).toEqual({ region: "XYZ" });
    expect(project(SharingErrors.imageNotFound("img-1"))).toEqual({ imageId: "img-1" });
    expect(project(SharingErrors.accountNotFound("100009"))).toEqual({ accountId: "100009" });
    expect(project(SharingErrors.memberNotFound("img-1", "100002"))).toEqual({
      imageId: "img-1",
      consumerAccountId: "100002",
    });
    expect(project(SharingErrors.forbiddenRole("cloudImages:admin", "img-1"))).toEqual({
      imageId: "img-1",
      reason: "role",
      requiredRole: "cloudImages:admin",
    });
    expect(project(SharingErrors.forbiddenRole("cloudImages:observer"))).toEqual({
      reason: "role",
      requiredRole: "cloudImages:observer",
    });
    expect(project(SharingErrors.notOwner("img-1"))).toEqual({ imageId: "img-1", reason: "not-owner" });
    expect(project(SharingErrors.notAccepted("img-1", "rejected"))).toEqual({
      imageId: "img-1",
      reason: "not-accepted",
      memberStatus: "rejected",
    });
    expect(project(SharingErrors.selfShare("img-1"))).toEqual({ imageId: "img-1" });
    expect(project(SharingErrors.alreadyShared("img-1", "100002", "pending", false))).toEqual({
      imageId: "img-1",
      consumerAccountId: "100002",
      memberStatus: "pending",
    });
    expect(project(SharingErrors.alreadyShared("img-1", "100002", "accepted", true))).toEqual({
      imageId: "img-1",
      consumerAccountId: "100002",
      memberStatus: "accepted",
      expired: true,
    });
    expect(project(SharingErrors.reshareRequired("img-1"))).toEqual({ imageId: "img-1" });
    expect(project(SharingErrors.memberQuotaExceeded("img-1", 2))).toEqual({ imageId: "img-1", quota: 2 });
    expect(project(SharingErrors.regionMismatch("img-1", "IAD", "DFW"))).toEqual({
      imageId: "img-1",
      imageRegion: "IAD",
      requestedRegion: "DFW",
    });
    expect(project(SharingErrors.concurrentModification("img-1"))).toEqual({ imageId: "img-1" });
    expect(project(SharingErrors.concurrentModification())).toEqual({});
    expect(project(SharingErrors.storageFailure(secret))).toEqual({ reason: "unavailable" });
    expect(project(SharingErrors.storageTimeout(10, true))).toEqual({ reason: "timeout", outcomeUnknown: true });
  });

  it("never discloses a StorageFailure's cause, nor the driver text its message quotes", () => {
    for (const error of SAMPLES.StorageFailure) {
      const problem = toProblemDetails(error);
      const json = JSON.stringify(problem);
      expect(problem).not.toHaveProperty("cause");
      for (const leak of ["ECONNREFUSED", "10.1.2.3", "billing_admin", "hunter2", "timed out after"])
        expect(json).not.toContain(leak);
    }
    expect(toProblemDetails(SharingErrors.storageTimeout(10, true)).detail).toMatch(/may or may not have been applied/);
    expect(toProblemDetails(SharingErrors.storageTimeout(10, false)).detail).not.toMatch(/may or may not/);
  });

  it("extension members never shadow the standard ones, and optional details are absent rather than undefined", () => {
    for (const error of ALL) {
      const problem = toProblemDetails(error);
      expect(Object.keys(problem).slice(0, 4)).toEqual(["type", "title", "status", "detail"]);
      expect([problem.type, problem.status, problem.errorType]).toEqual([
        `urn:cloud-image-sharing:error:${error.type}`,
        httpStatusOf(error),
        error.type,
      ]);
      for (const [key, value] of Object.entries(problem)) expect(value, key).not.toBeUndefined();
      expect(JSON.parse(JSON.stringify(problem))).toEqual(problem);
    }
  });

  it("is a copy: changing the problem does not change the error", () => {
    const error = SharingErrors.validation([{ path: ["a"], message: "m" }]);
    const problem = toProblemDetails(error);
    (problem.issues as { path: unknown[] }[])[0]?.path.push("b");
    expect(error.issues[0]?.path).toEqual(["a"]);
  });

  it("takes the host's type base and instance", () => {
    const problem = toProblemDetails(SharingErrors.imageNotFound("img-1"), {
      typeBase: "https://api.example.com/problems/",
      instance: "/images/img-1",
    });
    expect(problem.type).toBe("https://api.example.com/problems/ImageNotFound");
    expect(problem.instance).toBe("/images/img-1");
  });

  it("a value that is not a SharingError becomes a bare 500 that repeats nothing of it", () => {
    for (const foreign of [
      new Error("SELECT * FROM secrets"),
      { type: "toString", message: "SELECT * FROM secrets" },
      { type: "Nope" },
      null,
      undefined,
      "x",
    ]) {
      const problem = toProblemDetails(foreign as unknown as SharingError);
      expect(problem).toEqual({
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: "an unexpected error occurred",
        errorType: "StorageFailure",
      });
    }
  });
});

describe("the README's error table", () => {
  it("lists, for every error type, exactly the statuses httpStatusOf answers", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    for (const [type, samples] of Object.entries(SAMPLES)) {
      const row = new RegExp(`^\\| \`${type}\` \\| ([^|]+)\\|`, "m").exec(readme);
      expect(row, `README error table row for ${type}`).not.toBeNull();
      const documented = new Set((row?.[1] ?? "").match(/\d{3}/g)?.map(Number));
      expect(documented, type).toEqual(new Set(samples.map(httpStatusOf)));
    }
  });
});
