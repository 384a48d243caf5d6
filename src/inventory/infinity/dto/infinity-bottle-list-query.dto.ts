import { listQuery } from '../../../common/pagination/list-query.js';

/** Query of `GET /infinity-bottles`: the list convention; `q` searches the name. */
export class InfinityBottleListQuery extends listQuery(['name', 'createdAt'], 'createdAt') {}
