export interface MigrationGeneratorSchema {
  description: string;
  project: string;
  framework?: string;
  dialect?: 'postgres' | 'mysql' | 'sqlite';
  zeroDowntime?: boolean;
  name?: string;
  format?: string;
  report?: boolean;
  schemaFrom?: string;
  db?: string;
  skipFormat?: boolean;
}
