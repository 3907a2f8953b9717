/**
 * Hot reload of the router: {@link io.tierwise.reload.ReloadableRouters} swaps a newly loaded
 * artifact in atomically and reference-counts routers through {@link io.tierwise.http.RouterLease},
 * so in-flight requests finish on the router they started with; {@link
 * io.tierwise.reload.ArtifactWatcher} finds the newest promotable artifact; {@link
 * io.tierwise.reload.AdminService} exposes {@code /admin/reload}, {@code /admin/rollback} and
 * {@code /admin/router} behind an {@link io.tierwise.reload.AdminGuard} (loopback only, or an admin
 * token).
 */
package io.tierwise.reload;
