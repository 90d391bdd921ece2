ALTER TABLE `interactions` ADD `transferred_from_id` integer REFERENCES interactions(id);--> statement-breakpoint
ALTER TABLE `interactions` ADD `transfer_kind` text;