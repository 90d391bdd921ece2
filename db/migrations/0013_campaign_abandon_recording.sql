ALTER TABLE `campaigns` ADD `abandon_recording_sha256` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_recording_ms` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_recording_bytes` integer;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_recording_name` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_recording_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `abandon_recording_at` integer;