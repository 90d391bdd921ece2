-- Customer search by any part of a name or company (the agent types "wei trad" or "科技有"): an FTS5 trigram
-- index kept in step with `customers` by triggers. A LIKE '%q%' scan reads every row for a rare fragment (1M customers: ~3 s);
-- the trigram index answers substrings of three or more characters directly.
CREATE VIRTUAL TABLE `customers_fts` USING fts5(`name`, `company`, content='customers', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `customers_fts`(`customers_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `customers_fts_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO `customers_fts`(`rowid`, `name`, `company`) VALUES (new.`id`, new.`name`, new.`company`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_delete` AFTER DELETE ON `customers` BEGIN
  INSERT INTO `customers_fts`(`customers_fts`, `rowid`, `name`, `company`) VALUES ('delete', old.`id`, old.`name`, old.`company`);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_update` AFTER UPDATE OF `name`, `company` ON `customers` BEGIN
  INSERT INTO `customers_fts`(`customers_fts`, `rowid`, `name`, `company`) VALUES ('delete', old.`id`, old.`name`, old.`company`);
  INSERT INTO `customers_fts`(`rowid`, `name`, `company`) VALUES (new.`id`, new.`name`, new.`company`);
END;
