import { Injectable } from '@angular/core';

declare global { interface Window { zE: any; } }

@Injectable({ providedIn: 'root' })
export class ZendeskService {
  private get zE(): any { return window.zE; }

  hide(): void {
    window.zE("webWidget", "hide");
  }

  setLocale(locale: string): void {
    window.zE.setLocale(locale);
  }
}
