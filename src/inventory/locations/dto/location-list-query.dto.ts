import { listQuery } from '../../../common/pagination/list-query.js';

/** Query of `GET /locations`: the list convention; `q` searches the name case-insensitively. */
export class LocationListQuery extends listQuery(['name', 'createdAt'], 'name') {}
