import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/load-config.js';
import { typeormOptions } from './typeorm-options.js';

/** For the TypeORM CLI (migration:generate, migration:run): the same options, every entity of the build. */
export default new DataSource({
  ...typeormOptions(loadConfig()),
  entities: [new URL('../../../**/*.entity.js', import.meta.url).pathname],
});
